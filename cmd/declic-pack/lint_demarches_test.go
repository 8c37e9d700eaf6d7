package main

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"declic/internal/cli"
)

const demarchesPack = "../../courses/demarches/pack"

// lintFigures reads lint's report: the sentences and words per sentence of its
// Total row, and how many sentences it reports as longer than 15 words (the
// remarks of the rule phrase-longue).
func lintFigures(t *testing.T, out string) (sentences int, wordsPerSentence float64, long int) {
	t.Helper()
	total := regexp.MustCompile(`(?m)^Total\s+\d+\s+(\d+)\s+(\d+,\d)\s`).FindStringSubmatch(out)
	if total == nil {
		t.Fatalf("no Total row in the report:\n%s", out)
	}
	sentences, _ = strconv.Atoi(total[1])
	wordsPerSentence, _ = strconv.ParseFloat(strings.Replace(total[2], ",", ".", 1), 64)
	long = len(regexp.MustCompile(`(?m)\[phrase-longue\]$`).FindAllString(out, -1))
	return sentences, wordsPerSentence, long
}

// TestLintOnTheDemarchesPackMeetsTheFALCBar holds « Mes démarches en ligne » to
// the bar of its issue: at most 12 words per sentence on average, and at most
// 15 % of sentences over 15 words (lint reports each of those).
func TestLintOnTheDemarchesPackMeetsTheFALCBar(t *testing.T) {
	code, out, errOut := runCLI(t, env(), "lint", demarchesPack)
	if code != cli.ExitOK {
		t.Fatalf("exit %d: %s\n%s", code, errOut, out)
	}
	sentences, wps, long := lintFigures(t, out)
	if sentences < 1000 {
		t.Errorf("only %d sentences: is the whole pack linted?", sentences)
	}
	if wps > 12 {
		t.Errorf("%.1f words per sentence on average, 12 at most", wps)
	}
	if share := float64(long) / float64(sentences); share > 0.15 {
		t.Errorf("%d of %d sentences (%.1f %%) are over 15 words, 15 %% at most", long, sentences, 100*share)
	}
	t.Logf("%d sentences, %.1f words per sentence, %d over 15 words", sentences, wps, long)
}

func TestLintFiguresAreReadFromTheReport(t *testing.T) {
	out := "p.md:3: avertissement : phrase de 17 mots (15 au plus) : « … » [phrase-longue]\n" +
		"p.md:9: avertissement : phrase de 16 mots (15 au plus) : « … » [phrase-longue]\n" +
		"p.md:9: avertissement : mot long : « administration » [mot-long]\n\n" +
		"Leçon   écrans  phrases  mots/ph syll/mot  score  avert.\n" +
		"Total      250     2226      5,7      1,6   83,6      27\n"
	s, wps, long := lintFigures(t, out)
	if s != 2226 || wps != 5.7 || long != 2 {
		t.Errorf("figures = %d sentences, %.1f words/sentence, %d long; want 2226, 5.7, 2", s, wps, long)
	}
}
