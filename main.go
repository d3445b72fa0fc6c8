// Command padlock diagnoses broken HTTPS deployments and failed certificate
// validation. See README.md.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"padlock/cli"
	"padlock/probes"
)

func main() {
	ctx, cancel := context.WithCancelCause(context.Background())
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sig
		cancel(probes.ErrCancelled)
		<-sig // a second Ctrl-C exits at once
		os.Exit(cli.ExitInterrupted)
	}()
	code := cli.Main(ctx, os.Args[1:], cli.IO{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr})
	cancel(nil)
	os.Exit(code)
}
