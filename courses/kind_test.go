package courses

import (
	"errors"
	"os"
	"testing"

	"github.com/pelletier/go-toml/v2"

	"declic/plugins"
)

// TestMain makes sure a "quiz" kind is registered. When the real plug-ins are
// linked into the test binary they are used; otherwise testQuizKind, a small but
// real parser of the quiz contract (docs/activities.md), stands in for them.
func TestMain(m *testing.M) {
	if _, ok := plugins.Lookup("quiz"); !ok {
		plugins.Register(testQuizKind{})
	}
	os.Exit(m.Run())
}

type testQuizKind struct{}

func (testQuizKind) Name() string { return "quiz" }

func (testQuizKind) Parse(body []byte, at plugins.Position) (plugins.Activity, error) {
	var q testQuiz
	if err := toml.Unmarshal(body, &q); err != nil {
		var de *toml.DecodeError
		if errors.As(err, &de) {
			row, _ := de.Position()
			return nil, plugins.Errorf(at.Offset(row-1), "invalid TOML: %v", err)
		}
		return nil, plugins.Errorf(at, "invalid TOML: %v", err)
	}
	if q.Question == "" {
		return nil, plugins.Errorf(at, "question is missing")
	}
	if len(q.Choices) < 2 {
		return nil, plugins.Errorf(at, "a quiz needs at least two choices")
	}
	return &q, nil
}

type testQuiz struct {
	Question    string `toml:"question"`
	Instruction string `toml:"prompt"`
	Image       string `toml:"image"`
	Choices     []struct {
		Text    string `toml:"text"`
		Correct bool   `toml:"correct"`
		Image   string `toml:"image"`
	} `toml:"choices"`
}

func (q *testQuiz) Kind() string   { return "quiz" }
func (q *testQuiz) Prompt() string { return q.Question }
func (q *testQuiz) Grade(answer any) plugins.Result {
	i, ok := answer.(int)
	if ok && i >= 0 && i < len(q.Choices) && q.Choices[i].Correct {
		return plugins.Result{Score: 1, Passed: true}
	}
	return plugins.Result{}
}

func (q *testQuiz) Images() []string {
	var out []string
	if q.Image != "" {
		out = append(out, q.Image)
	}
	for _, c := range q.Choices {
		if c.Image != "" {
			out = append(out, c.Image)
		}
	}
	return out
}
