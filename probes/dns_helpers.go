// DNS helpers shared by the DNS probes: bounded worker pools, resolver names
// for reports and the dig command that reproduces a query.

package probes

import (
	"context"
	"fmt"
	"net"
	"strings"
)

// runBounded runs tasks with at most workers at a time and waits for all.
func runBounded(workers int, tasks []func()) {
	if workers <= 0 {
		workers = DefaultLimits().Workers
	}
	forEach(context.Background(), len(tasks), workers, func(i int) { tasks[i]() }, nil)
}

// maxDNSWorkers caps the concurrent DNS queries of one probe.
const maxDNSWorkers = 64

// dnsWorkers is the concurrency for n DNS queries: at least
// Limits.Workers, enough for every server at once up to maxDNSWorkers
// (a UDP query is one small socket; a dead server then costs one deadline
// instead of queueing behind others).
func dnsWorkers(env *Env, n int) int {
	return min(max(env.limits().Workers, n), maxDNSWorkers)
}

// resolverName is how a resolver is shown: "8.8.8.8 (Google (global anycast))".
func resolverName(r Resolver) string {
	switch {
	case r.Label == "":
		return hostOnly(r.Addr)
	case strings.Contains(r.Label, hostOnly(r.Addr)):
		return r.Label // "--resolver 127.0.0.1:5353" names itself
	}
	return fmt.Sprintf("%s %s", hostOnly(r.Addr), r.Label)
}

func hostOnly(addr string) string {
	if h, p, err := net.SplitHostPort(addr); err == nil && p == "53" {
		return h
	}
	return addr
}

// digCommand is the dig command line reproducing one query: serverName
// (when known) names the server, else its address; recursion off for
// authoritative servers.
func digCommand(addr, serverName, name, qtype string, recurse bool) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		host, port = addr, "53"
	}
	if serverName != "" {
		host = serverName
	}
	var b strings.Builder
	b.WriteString("dig ")
	if !recurse {
		b.WriteString("+norecurse ")
	}
	b.WriteString("@" + host + " ")
	if port != "53" {
		b.WriteString("-p " + port + " ")
	}
	b.WriteString(name + " " + qtype)
	return b.String()
}
