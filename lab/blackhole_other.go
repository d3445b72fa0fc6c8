//go:build !linux

package lab

import "net/netip"

// BlackHole returns the address of a TCP listener that accepts and never
// answers (outside Linux, a full accept queue cannot be arranged portably).
func (l *Lab) BlackHole() (string, error) {
	ln, err := l.Listen(netip.MustParseAddr("127.0.0.1"), 0)
	if err != nil {
		return "", err
	}
	return ln.Addr().String(), nil
}
