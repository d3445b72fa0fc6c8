// Package inspect reads the certificate files a user holds, offline: it
// detects a file's format by its content (never by its extension), decodes
// it with a byte and count limit, and says what it holds. Today it reads
// certificates in PEM, DER and PKCS#7 (what --ca-file takes); PKCS#12,
// JKS, private keys, CSRs and server configs add decoders of their own to
// the same table (the inspect command).
package inspect

import (
	"bytes"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"os"

	"padlock/internal/certs"
)

// Format is a kind of certificate file, detected from its content.
type Format string

// The formats inspect reads.
const (
	Unknown Format = ""
	PEM     Format = "pem"   // one or more -----BEGIN blocks
	DER     Format = "der"   // one DER certificate
	PKCS7   Format = "pkcs7" // a DER PKCS#7 certs-only bundle (.p7b)
)

// Limits bound what one file may cost.
type Limits struct {
	// MaxBytes is the most read from one file.
	MaxBytes int64
	// MaxCerts is the most certificates accepted from one file.
	MaxCerts int
}

// DefaultLimits are far above any real certificate file.
func DefaultLimits() Limits { return Limits{MaxBytes: 4 << 20, MaxCerts: 256} }

// ErrTooLarge is wrapped when a file is larger than Limits.MaxBytes.
var ErrTooLarge = errors.New("file larger than the limit")

// File is what one file holds.
type File struct {
	Path   string
	Format Format
	// Certificates are in the order the file holds them.
	Certificates []*x509.Certificate
}

// decoder reads one format.
type decoder struct {
	format Format
	sniff  func(data []byte) bool
	decode func(data []byte, lim Limits) (File, error)
}

// decoders are tried in order; the first whose sniff accepts the data
// decodes it.
var decoders = []decoder{
	{PEM, func(d []byte) bool { return bytes.Contains(d, []byte("-----BEGIN")) }, decodeCerts(PEM)},
	{DER, func(d []byte) bool { _, err := x509.ParseCertificate(d); return err == nil }, decodeCerts(DER)},
	{PKCS7, func(d []byte) bool {
		_, err := certs.ParsePKCS7(d, 1)
		return err == nil || errors.Is(err, certs.ErrTooMany)
	}, decodeCerts(PKCS7)},
}

func decodeCerts(f Format) func([]byte, Limits) (File, error) {
	return func(data []byte, lim Limits) (File, error) {
		cs, err := certs.Parse(data, lim.MaxCerts)
		return File{Format: f, Certificates: cs}, err
	}
}

// Detect names the format of data by its content.
func Detect(data []byte) Format {
	for _, d := range decoders {
		if d.sniff(data) {
			return d.format
		}
	}
	return Unknown
}

// Decode reads data in the format Detect finds.
func Decode(data []byte, lim Limits) (File, error) {
	for _, d := range decoders {
		if d.sniff(data) {
			return d.decode(data, lim)
		}
	}
	return File{}, fmt.Errorf("not a certificate file padlock knows (PEM, DER or PKCS#7)")
}

// Read reads and decodes the file at path, reading at most lim.MaxBytes.
func Read(path string, lim Limits) (File, error) {
	f, err := os.Open(path)
	if err != nil {
		return File{Path: path}, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, lim.MaxBytes+1))
	if err != nil {
		return File{Path: path}, fmt.Errorf("read %s: %w", path, err)
	}
	if int64(len(data)) > lim.MaxBytes {
		return File{Path: path}, fmt.Errorf("%s: %w (%d bytes)", path, ErrTooLarge, lim.MaxBytes)
	}
	file, err := Decode(data, lim)
	file.Path = path
	if err != nil {
		return file, fmt.Errorf("%s: %w", path, err)
	}
	return file, nil
}
