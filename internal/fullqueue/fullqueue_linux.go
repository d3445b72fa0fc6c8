//go:build linux

package fullqueue

import (
	"fmt"
	"net"
	"net/netip"
	"os"
	"syscall"
	"time"
)

// Listen opens a listening socket on ip (an ephemeral port) with a backlog
// of zero and fills its accept queue with one connection that is never
// accepted. From then on Linux drops every SYN to the port (the queue is
// full), so clients see a connect timeout.
func Listen(ip netip.Addr) (*Port, error) {
	ip = ip.Unmap()
	family, sa := syscall.AF_INET6, syscall.Sockaddr(&syscall.SockaddrInet6{Addr: ip.As16()})
	if ip.Is4() {
		family, sa = syscall.AF_INET, &syscall.SockaddrInet4{Addr: ip.As4()}
	}
	fd, err := syscall.Socket(family, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("fullqueue socket: %w", err)
	}
	f := os.NewFile(uintptr(fd), "fullqueue")
	fail := func(what string, err error) (*Port, error) {
		f.Close()
		return nil, fmt.Errorf("fullqueue %s %s: %w", what, ip, err)
	}
	if err := syscall.Bind(fd, sa); err != nil {
		return fail("bind", err)
	}
	if err := syscall.Listen(fd, 0); err != nil {
		return fail("listen", err)
	}
	name, err := syscall.Getsockname(fd)
	if err != nil {
		return fail("getsockname", err)
	}
	var port int
	switch a := name.(type) {
	case *syscall.SockaddrInet4:
		port = a.Port
	case *syscall.SockaddrInet6:
		port = a.Port
	}
	addr := net.JoinHostPort(ip.String(), fmt.Sprint(port))
	// With a backlog of 0 the queue holds one connection: this one.
	filler, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		return fail("fill", err)
	}
	return &Port{addr: addr, close: f.Close, filler: filler}, nil
}
