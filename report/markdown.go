package report

import "io"

// WriteMarkdown writes the report as Markdown. Until the Markdown renderer
// lands it writes the text report in a fenced block.
func WriteMarkdown(w io.Writer, r *Report, opts Options) error {
	if _, err := io.WriteString(w, "```text\n"); err != nil {
		return err
	}
	if err := WriteText(w, r, opts); err != nil {
		return err
	}
	_, err := io.WriteString(w, "```\n")
	return err
}
