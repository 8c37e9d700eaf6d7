package centreweb

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"sync"
	"time"
)

// Session lengths.
const (
	// IdleTimeout ends a session nobody used for this long.
	IdleTimeout = 30 * time.Minute
	// MaxSessionAge ends any session this long after login.
	MaxSessionAge = 10 * time.Hour
	// LinkLifetime is how long a one-time login link works.
	LinkLifetime = 2 * time.Minute
)

// Lockout after failed logins: MaxFailures wrong passwords in a row lock the account
// (and the address they came from) for LockoutTime, doubled at each new lock.
const (
	MaxFailures = 5
	LockoutTime = 5 * time.Minute
	maxLockout  = 6 * time.Hour
)

// session is a signed-in person.
type session struct {
	mu       sync.Mutex
	id, csrf string
	name     string // operator's name, written in the ledger
	role     Role
	created  time.Time
	seen     time.Time
	// deposit is the records received and not yet credited.
	deposits map[string]*deposit
	// bilan is the last « Mon bilan » read, by dossier.
	bilans map[string]*bilanView
}

// sessions holds the signed-in sessions, the one-time links and the failed logins.
type sessions struct {
	mu       sync.Mutex
	now      func() time.Time
	byID     map[string]*session
	links    map[string]linkGrant
	failures map[string]*failures
}

type linkGrant struct {
	name    string
	role    Role
	expires time.Time
}

type failures struct {
	count  int
	locks  int
	until  time.Time
	lastAt time.Time
}

func newSessions(now func() time.Time) *sessions {
	return &sessions{now: now, byID: map[string]*session{}, links: map[string]linkGrant{}, failures: map[string]*failures{}}
}

// token is 32 random bytes, URL-safe.
func token() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("centreweb: no randomness: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// start opens a session for name with role.
func (s *sessions) start(name string, role Role) *session {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	x := &session{id: token(), csrf: token(), name: name, role: role, created: now, seen: now,
		deposits: map[string]*deposit{}, bilans: map[string]*bilanView{}}
	s.byID[x.id] = x
	return x
}

// get returns the live session of id, and marks it used; an expired one is ended.
func (s *sessions) get(id string) (*session, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	x, ok := s.byID[id]
	if !ok {
		return nil, false
	}
	now := s.now()
	if now.Sub(x.seen) > IdleTimeout || now.Sub(x.created) > MaxSessionAge {
		delete(s.byID, id)
		return nil, false
	}
	x.seen = now
	return x, true
}

// end ends a session.
func (s *sessions) end(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.byID, id)
}

// link makes a one-time login link's token for name with role.
func (s *sessions) link(name string, role Role) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := token()
	s.links[t] = linkGrant{name: name, role: role, expires: s.now().Add(LinkLifetime)}
	return t
}

// useLink exchanges a link's token, once, within its lifetime.
func (s *sessions) useLink(t string) (linkGrant, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.links[t]
	delete(s.links, t)
	if !ok || s.now().After(g.expires) {
		return linkGrant{}, false
	}
	return g, true
}

// locked returns until when key (an account name or an address) is locked.
func (s *sessions) locked(key string) (time.Time, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.failures[key]
	if !ok || !s.now().Before(f.until) {
		return time.Time{}, false
	}
	return f.until, true
}

// failed counts a failed login for each key; it returns the time the last lock ends
// when this failure locked one.
func (s *sessions) failed(keys ...string) (time.Time, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	var until time.Time
	locked := false
	for _, k := range keys {
		f := s.failures[k]
		if f == nil {
			f = &failures{}
			s.failures[k] = f
		}
		if now.Sub(f.lastAt) > 24*time.Hour {
			f.count, f.locks = 0, 0
		}
		f.count++
		f.lastAt = now
		if f.count >= MaxFailures {
			d := LockoutTime << f.locks
			if d > maxLockout || d <= 0 {
				d = maxLockout
			}
			f.until, f.count = now.Add(d), 0
			f.locks++
			if f.until.After(until) {
				until = f.until
			}
			locked = true
		}
	}
	return until, locked
}

// succeeded forgets the failures of keys.
func (s *sessions) succeeded(keys ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, k := range keys {
		delete(s.failures, k)
	}
}

// validCSRF compares a form's token with the session's in constant time.
func (x *session) validCSRF(t string) bool {
	return t != "" && subtle.ConstantTimeCompare([]byte(t), []byte(x.csrf)) == 1
}
