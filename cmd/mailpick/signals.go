package main

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"syscall"
)

// signalError is the cause of a run stopped by SIGINT (Ctrl-C) or SIGTERM.
// Such a run exits 128 + the signal number, as a shell reports a process
// killed by it: 130 for SIGINT, 143 for SIGTERM.
type signalError struct{ sig os.Signal }

func (e signalError) Error() string {
	return "interrupted (" + signalName(e.sig) + ")"
}

func (e signalError) exitCode() int {
	if s, ok := e.sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return 128 + int(syscall.SIGINT)
}

func signalName(s os.Signal) string {
	switch s {
	case os.Interrupt:
		return "SIGINT"
	case syscall.SIGTERM:
		return "SIGTERM"
	}
	return s.String()
}

// notifySignals returns a context cancelled, with a signalError as its
// cause, by the first SIGINT or SIGTERM. The second one ends the process at
// once, the default way, for a run that does not stop.
func notifySignals(parent context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(parent)
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	stopped := make(chan struct{})
	go func() {
		select {
		case s := <-ch:
			signal.Reset(os.Interrupt, syscall.SIGTERM)
			cancel(signalError{s})
		case <-stopped:
		}
	}()
	return ctx, func() {
		signal.Stop(ch)
		close(stopped)
		cancel(nil)
	}
}

// interrupted is the error of work stopped because ctx was cancelled.
func interrupted(ctx context.Context) error {
	if cause := context.Cause(ctx); cause != nil {
		return cause
	}
	return ctx.Err()
}

// signalExit returns the exit status of a run whose context a signal
// cancelled, and whether it was.
func signalExit(ctx context.Context) (signalError, bool) {
	var se signalError
	if ctx == nil || !errors.As(context.Cause(ctx), &se) {
		return se, false
	}
	return se, true
}
