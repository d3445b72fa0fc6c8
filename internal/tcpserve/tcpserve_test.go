package tcpserve

import (
	"context"
	"io"
	"net"
	"testing"
	"time"
)

// A handler that blocks forever is released when the server stops, and
// stop waits for it.
func TestStopReleasesBlockedHandlers(t *testing.T) {
	entered := make(chan struct{}, 4)
	returned := make(chan struct{}, 4)
	addr, stop, err := Start(func(ctx context.Context, c net.Conn) {
		entered <- struct{}{}
		io.Copy(io.Discard, c) //nolint:errcheck // ends when c is closed
		returned <- struct{}{}
	})
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		<-entered
	}
	stop()
	if len(returned) != 3 {
		t.Fatalf("%d of 3 handlers returned by the time stop did", len(returned))
	}
	if _, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		t.Error("the listener still accepts after stop")
	}
}

// Each connection is closed when its handler returns.
func TestConnectionClosedAfterHandler(t *testing.T) {
	addr, stop, err := Start(func(_ context.Context, c net.Conn) { io.WriteString(c, "bye") })
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	b, err := io.ReadAll(c)
	if err != nil || string(b) != "bye" {
		t.Errorf("read %q, %v; want bye then EOF", b, err)
	}
}
