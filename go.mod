module padlock

go 1.26.8

require (
	github.com/miekg/dns v1.1.73
	golang.org/x/crypto/x509roots/fallback v0.0.0-20261030153154-30a33513ff6d
	golang.org/x/net v0.62.0
)

require (
	github.com/charmbracelet/x/term v0.2.2 // indirect
	golang.org/x/sys v0.49.0 // indirect
	golang.org/x/text v0.43.0 // indirect
)
