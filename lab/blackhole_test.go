package lab

import (
	"errors"
	"net"
	"testing"
	"time"
)

func TestBlackHoleTimesOut(t *testing.T) {
	l := &Lab{}
	defer l.Close()
	addr, err := l.BlackHole()
	if err != nil {
		t.Fatal(err)
	}
	c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
	if err == nil {
		c.Close()
		t.Fatal("connect to the black hole succeeded")
	}
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("connect error %v is not a timeout", err)
	}
}
