package scoring

import (
	"fmt"
	"strings"

	"github.com/mailpick/mailpick/catalog"
	"github.com/mailpick/mailpick/msg"
)

// Template returns a requirements file in which every key has a one-line
// comment in lang, grouped by topic. It is generated from the
// vocabulary so it can never drift from what the parser accepts.
func Template(lang string) string {
	var b strings.Builder
	t := func(code string) string { return msg.T(lang, code) }
	line := func(key, value, text string) {
		fmt.Fprintf(&b, "%-24s # %s\n", key+" = "+value, text)
	}
	b.WriteString(t("template.mailpick_requirements_levels_must"))
	b.WriteString(t("template.check_it_with_mailpick"))
	line("lang", `"`+lang+`"`, t("template.language_of_reasons_and"))
	line("currency", `"JPY"`, t("template.currency_of_every_amount"))
	line("horizon_years", "5", t("template.years_of_tco_to"))
	line("tax_basis", `"excluded"`, t("template.compare_prices_excluded_before"))
	line("# consumption_tax", "0.10", t("template.consumption_tax_rate_default"))
	fmt.Fprintf(&b, "\n[company]\n")
	line("name", `"Example K.K."`, t("template.your_company_shown_on"))
	line("# domain", `"example.co.jp"`, t("template.optional_your_mail_domain"))
	fmt.Fprintf(&b, "\n[accounts]  # %s\n", t("template.mail_accounts"))
	line("users", "50", t("template.mail_accounts_needed_now"))
	line("growth_per_year", "0.1", t("template.yearly_growth_as_a"))
	fmt.Fprintf(&b, "\n[storage]  # %s\n", t("template.disk_space"))
	line("per_user_gb", "1", t("template.mailbox_size_each_user"))
	defaults := map[string]string{"features.forwarding": "must", "features.auto_reply": "must", "features.mailing_lists": "want",
		"features.per_user_quota": "want", "features.user_permissions": "want", "features.bulk_admin": "want",
		"mobile.webmail": "must", "mobile.native_apps": "want",
		"security.spam_filter": "must", "security.virus_filter": "must", "security.client_tls": "must", "security.transport_tls": "must",
		"security.ip_restriction": "want", "security.sender_verification": "must", "security.dkim_signing": "must",
		"security.attachment_download": "want", "security.misdelivery_prevention": "want",
		"security.archive_mailbox": "want", "security.retention": "want", "security.two_factor": "want",
		"security.closed_network": "no", "security.data_in_japan": "no",
		"support.japanese": "must", "support.phone": "want", "support.migration_assistance": "want"}
	for _, table := range catalog.CapabilityTables {
		// Each capability table is the coverage criterion of that id.
		section := table
		if cr, ok := LookupCriterion(table); ok {
			section = cr.Label(lang)
		}
		fmt.Fprintf(&b, "\n[%s]  # %s\n", table, section)
		for _, k := range catalog.CapabilityKeys {
			if k.Table != table {
				continue
			}
			line(k.Name, `"`+defaults[k.Path()]+`"`, k.Label(lang))
		}
		if table == "support" {
			line("hours", `"business"`, t("template.support_hours_you_need"))
		}
	}
	fmt.Fprintf(&b, "\n[budget]  # %s\n", t("template.budget_leave_a_key"))
	line("initial_max", "500000", t("template.most_you_can_spend"))
	line("monthly_max", "150000", t("template.most_you_can_spend2"))
	fmt.Fprintf(&b, "\n[contract]  # %s\n", t("template.the_commitment_you_will"))
	line("# term_months", "12", t("template.longest_term_you_will"))
	line("# payment", `"monthly"`, t("template.monthly_upfront_or_any"))
	fmt.Fprintf(&b, "\n[operations]  # %s\n", t("template.in_house_expertise_and"))
	line("admin_expertise", `"basic"`, t("template.your_mail_administrators_none"))
	line("admin_hours_per_month", "10", t("template.hours_a_month_the"))
	line("admin_hourly_cost", "4520", t("template.cost_of_an_admin"))
	line("customization", `"no"`, t("template.need_to_customise_the"))
	line("# server_monthly", "8000", t("template.self_hosting_your_hosting"))
	line("# hardware_initial", "0", t("template.self_hosting_hardware_bought"))
	fmt.Fprintf(&b, "\n[weights]  # %s\n", t("template.how_much_each_criterion"))
	for _, cr := range defaultCriteria {
		line(string(cr.ID), fmt.Sprint(cr.DefaultWeight), cr.Label(lang))
	}
	fmt.Fprintf(&b, "\n[fx]  # %s\n", t("template.exchange_rates_into_currency"))
	line("# USD", "157.0", t("template.1_usd_in_your"))
	line("# EUR", "183.69", t("template.1_eur_in_your"))
	b.WriteString(t("template.quotes_option_id_a"))
	line("# flat_month", "30000", t("template.quoted_price_per_contract"))
	line("# per_user_month", "500", t("template.quoted_price_per_user"))
	line("# initial", "0", t("template.quoted_initial_fee"))
	line("# tax", `"excluded"`, t("template.whether_the_quote_includes"))
	line("# term_months", "12", t("template.the_term_the_quote"))
	return b.String()
}
