// Command dupcount counts duplicated blocks in the repository's Go files:
// runs of six or more consecutive lines whose token shape (identifiers and
// literals abstracted, keywords kept) appears in two places or more.
// Comments, blank lines, import blocks and lone braces do not count.
// Issue 14 compares its counts before and after a change:
//
//	go run ./internal/cmd/dupcount [-skip rules/] [-v]
package main

import (
	"flag"
	"fmt"
	"go/scanner"
	"go/token"
	"os"
	"os/exec"
	"sort"
	"strings"
)

const window = 6

type place struct {
	file string
	line int
}

func main() {
	skip := flag.String("skip", "", "leave out files under this path prefix")
	verbose := flag.Bool("v", false, "list the files with the most duplicated lines")
	flag.Parse()
	out, err := exec.Command("git", "ls-files", "*.go").Output()
	if err != nil {
		fmt.Fprintln(os.Stderr, "dupcount: git ls-files:", err)
		os.Exit(1)
	}
	seen := map[string][]place{}
	for _, f := range strings.Fields(string(out)) {
		if strings.HasPrefix(f, "testdata/") || (*skip != "" && strings.HasPrefix(f, *skip)) {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		lines := shapes(src)
		for i := 0; i+window <= len(lines); i++ {
			w := lines[i : i+window]
			distinct := map[string]bool{}
			keys := make([]string, window)
			for j, l := range w {
				distinct[l.shape] = true
				keys[j] = l.shape
			}
			if len(distinct) < 3 {
				continue
			}
			k := strings.Join(keys, "\n")
			seen[k] = append(seen[k], place{f, w[0].line})
		}
	}
	starts := map[place]bool{}
	shapesDup := 0
	for _, ps := range seen {
		if len(ps) < 2 {
			continue
		}
		shapesDup++
		for _, p := range ps {
			starts[p] = true
		}
	}
	sorted := make([]place, 0, len(starts))
	for p := range starts {
		sorted = append(sorted, p)
	}
	sort.Slice(sorted, func(i, j int) bool {
		if sorted[i].file != sorted[j].file {
			return sorted[i].file < sorted[j].file
		}
		return sorted[i].line < sorted[j].line
	})
	blocks := 0
	var prev *place
	for i := range sorted {
		p := &sorted[i]
		if prev == nil || prev.file != p.file || p.line-prev.line > 3 {
			blocks++
		}
		prev = p
	}
	fmt.Printf("duplicated %d-line shapes: %d; duplicated blocks (merged runs): %d\n", window, shapesDup, blocks)
	if *verbose {
		per := map[string]int{}
		for p := range starts {
			per[p.file]++
		}
		files := make([]string, 0, len(per))
		for f := range per {
			files = append(files, f)
		}
		sort.Slice(files, func(i, j int) bool { return per[files[i]] > per[files[j]] })
		for _, f := range files[:min(30, len(files))] {
			fmt.Printf("%5d %s\n", per[f], f)
		}
	}
}

type shapedLine struct {
	line  int
	shape string
}

// shapes returns the significant lines of src with their token shapes.
func shapes(src []byte) []shapedLine {
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(src))
	var s scanner.Scanner
	s.Init(file, src, nil, 0) // comments are skipped
	byLine := map[int][]string{}
	var order []int
	inImport, depth := false, 0
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		line := file.Line(pos)
		switch {
		case tok == token.IMPORT:
			inImport = true
			continue
		case inImport && tok == token.LPAREN:
			depth++
			continue
		case inImport && tok == token.RPAREN:
			depth--
			if depth == 0 {
				inImport = false
			}
			continue
		case inImport && tok == token.SEMICOLON && depth == 0:
			inImport = false
			continue
		case inImport:
			continue
		case tok == token.SEMICOLON && lit == "\n":
			continue
		}
		var w string
		switch {
		case tok == token.IDENT:
			if lit == "nil" || lit == "true" || lit == "false" || lit == "err" {
				w = lit
			} else {
				w = "I"
			}
		case tok.IsLiteral():
			w = "L"
		case tok.IsKeyword():
			w = tok.String()
		default:
			w = tok.String()
		}
		if _, ok := byLine[line]; !ok {
			order = append(order, line)
		}
		byLine[line] = append(byLine[line], w)
	}
	var out []shapedLine
	for _, l := range order {
		shape := strings.Join(byLine[l], " ")
		switch shape {
		case "}", "{", ")", "(", "} ,", ") ,":
			continue
		}
		out = append(out, shapedLine{l, shape})
	}
	return out
}
