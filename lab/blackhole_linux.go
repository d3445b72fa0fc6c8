//go:build linux

package lab

import (
	"fmt"
	"net"
	"strconv"
	"syscall"
	"time"
)

// BlackHole returns the address of a TCP listener that silently drops new
// connections: its accept queue (backlog 0) is kept full by one connection
// that is never accepted, so the kernel ignores every further SYN and a
// client's connect times out — as behind a firewall that drops packets.
func (l *Lab) BlackHole() (string, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return "", fmt.Errorf("black hole socket: %w", err)
	}
	closeFD := func() { syscall.Close(fd) } //nolint:errcheck
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		closeFD()
		return "", fmt.Errorf("black hole bind: %w", err)
	}
	if err := syscall.Listen(fd, 0); err != nil {
		closeFD()
		return "", fmt.Errorf("black hole listen: %w", err)
	}
	sa, err := syscall.Getsockname(fd)
	if err != nil {
		closeFD()
		return "", fmt.Errorf("black hole address: %w", err)
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(sa.(*syscall.SockaddrInet4).Port))
	filler, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		closeFD()
		return "", fmt.Errorf("black hole fill: %w", err)
	}
	l.OnClose(func() { filler.Close(); closeFD() })
	return addr, nil
}
