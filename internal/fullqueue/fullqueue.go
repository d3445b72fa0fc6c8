// Package fullqueue opens TCP ports that time out: a listening socket whose
// accept queue is full, so the kernel silently drops every new connection
// attempt, exactly as a security group or firewall that drops packets
// would. The lab and the tests use it to show a "timed out" port on
// loopback, deterministically and without root.
package fullqueue

import (
	"errors"
	"net"
)

// ErrUnsupported is returned on systems where the trick is not known to
// work (everything but Linux).
var ErrUnsupported = errors.New("fullqueue: not supported on this system")

// Port is a TCP port that accepts nothing: connection attempts time out.
type Port struct {
	addr   string
	close  func() error
	filler net.Conn
}

// Addr is the port's "ip:port".
func (p *Port) Addr() string { return p.addr }

// Close releases the socket and the connection that fills its queue.
func (p *Port) Close() error {
	p.filler.Close()
	return p.close()
}
