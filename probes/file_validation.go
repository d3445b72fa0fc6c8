package probes

import "context"

// FileValidation is the file-validation probe. Not implemented yet.
type FileValidation struct{}

// ID returns "file-validation".
func (FileValidation) ID() string { return IDFileValidation }

// Run is a placeholder until the probe lands.
func (FileValidation) Run(ctx context.Context, t Target, env *Env) Result {
	return Skipped("not implemented yet")
}
