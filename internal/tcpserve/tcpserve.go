// Package tcpserve is the accept loop of padlock's raw test and lab
// servers (servers that hang, send garbage or close at once): each
// connection gets its own goroutine and is closed when its handler returns
// or the server stops, so no test or lab leaves a connection behind.
package tcpserve

import (
	"context"
	"net"
	"sync"
)

// Handler serves one connection; it should return once ctx is done (the
// connection is closed then anyway, which ends blocked reads and writes).
type Handler func(ctx context.Context, c net.Conn)

// Serve accepts connections on ln until ln is closed or ctx is done, runs
// h for each in its own goroutine, and returns when the listener is closed
// and every handler has returned. Cancelling ctx closes ln and every open
// connection.
func Serve(ctx context.Context, ln net.Listener, h Handler) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := context.AfterFunc(ctx, func() { ln.Close() })
	defer stop()
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		c, err := ln.Accept()
		if err != nil {
			cancel() // the listener is gone: end the handlers too
			return
		}
		wg.Go(func() {
			defer c.Close()
			unblock := context.AfterFunc(ctx, func() { c.Close() })
			defer unblock()
			h(ctx, c)
		})
	}
}

// Start runs Serve in the background on a new loopback listener and
// returns its address and a stop function that closes everything and
// waits for the handlers.
func Start(h Handler) (addr string, stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); Serve(ctx, ln, h) }()
	return ln.Addr().String(), func() { cancel(); <-done }, nil
}
