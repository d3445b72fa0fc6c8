//go:build !linux

package fullqueue

import "net/netip"

// Listen is not supported here: it returns ErrUnsupported.
func Listen(ip netip.Addr) (*Port, error) { return nil, ErrUnsupported }
