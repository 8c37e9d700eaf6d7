package centreweb

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Role is what an account may do in the workspace.
type Role string

// Roles of the workspace.
const (
	// RoleAdmin does everything, including accounts and settings.
	RoleAdmin Role = "admin"
	// RoleOperator receives records, enrols cards, credits and cancels.
	RoleOperator Role = "operateur"
	// RoleCoordinator sees the network's totals and reports, never a learner's name.
	RoleCoordinator Role = "coordinateur"
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r == RoleAdmin || r == RoleOperator || r == RoleCoordinator }

// argon2id parameters (RFC 9106's second recommended option, memory-constrained):
// 64 MiB, 3 passes, 4 lanes, 32-byte hash, 16-byte salt.
const (
	argonTime    = 3
	argonMemory  = 64 * 1024
	argonThreads = 4
	argonKeyLen  = 32
	saltLen      = 16
	// MinPasswordLength is the fewest characters a password may have.
	MinPasswordLength = 12
)

// Account is an operator's account for the workspace on the network.
type Account struct {
	Name string `json:"name"`
	Role Role   `json:"role"`
	// Hash is "argon2id$v=19$m=65536,t=3,p=4$<salt>$<hash>", base64 without padding.
	Hash    string    `json:"hash"`
	Created time.Time `json:"created"`
}

// Errors of the accounts file.
var (
	ErrAccountExists  = errors.New("centreweb: an account of that name exists")
	ErrNoAccount      = errors.New("centreweb: no such account")
	ErrShortPassword  = errors.New("centreweb: password too short")
	ErrBadAccountName = errors.New("centreweb: account name must be 1 to 40 letters, digits, dots, dashes or underscores")
	ErrLastAdmin      = errors.New("centreweb: the last administrator cannot be removed")
)

// Accounts is the file of operator accounts (JSON, owner-only), safe for concurrent use.
type Accounts struct {
	path string
	mu   sync.Mutex
}

// OpenAccounts returns the accounts kept in path (the file is created on first write).
func OpenAccounts(path string) *Accounts { return &Accounts{path: path} }

func (a *Accounts) load() ([]Account, error) {
	data, err := os.ReadFile(a.path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var list []Account
	if err := json.Unmarshal(data, &list); err != nil {
		return nil, fmt.Errorf("%s: %w", a.path, err)
	}
	return list, nil
}

func (a *Accounts) save(list []Account) error {
	sort.Slice(list, func(i, j int) bool { return list[i].Name < list[j].Name })
	data, err := json.MarshalIndent(list, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(a.path), 0o700); err != nil {
		return err
	}
	tmp := a.path + ".tmp"
	if err := os.WriteFile(tmp, append(data, '\n'), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, a.path)
}

// List returns the accounts, by name.
func (a *Accounts) List() ([]Account, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.load()
}

// ValidName reports whether name can name an account.
func ValidName(name string) bool {
	if name == "" || utf8.RuneCountInString(name) > 40 {
		return false
	}
	for _, r := range name {
		if !(r == '.' || r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

// Add creates an account.
func (a *Accounts) Add(name string, role Role, password string, now time.Time) error {
	if !ValidName(name) || !role.Valid() {
		return ErrBadAccountName
	}
	if utf8.RuneCountInString(password) < MinPasswordLength {
		return ErrShortPassword
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	list, err := a.load()
	if err != nil {
		return err
	}
	for _, x := range list {
		if strings.EqualFold(x.Name, name) {
			return ErrAccountExists
		}
	}
	hash, err := hashPassword(password)
	if err != nil {
		return err
	}
	return a.save(append(list, Account{Name: name, Role: role, Hash: hash, Created: now.UTC()}))
}

// SetPassword replaces an account's password.
func (a *Accounts) SetPassword(name, password string) error {
	if utf8.RuneCountInString(password) < MinPasswordLength {
		return ErrShortPassword
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	list, err := a.load()
	if err != nil {
		return err
	}
	for i := range list {
		if list[i].Name == name {
			if list[i].Hash, err = hashPassword(password); err != nil {
				return err
			}
			return a.save(list)
		}
	}
	return ErrNoAccount
}

// Remove deletes an account; the last administrator stays.
func (a *Accounts) Remove(name string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	list, err := a.load()
	if err != nil {
		return err
	}
	admins, at := 0, -1
	for i, x := range list {
		if x.Role == RoleAdmin {
			admins++
		}
		if x.Name == name {
			at = i
		}
	}
	if at < 0 {
		return ErrNoAccount
	}
	if list[at].Role == RoleAdmin && admins == 1 {
		return ErrLastAdmin
	}
	return a.save(append(list[:at], list[at+1:]...))
}

// Check returns the account when password is right. A wrong name costs the same time
// as a wrong password, so a name's existence does not show.
func (a *Accounts) Check(name, password string) (Account, bool) {
	list, err := a.List()
	if err != nil {
		return Account{}, false
	}
	for _, x := range list {
		if x.Name == name {
			return x, checkPassword(x.Hash, password)
		}
	}
	checkPassword(decoyHash(), password)
	return Account{}, false
}

// decoyHash is checked for unknown names (a hash of a random password), so that an
// unknown name takes as long as a wrong password. It is made at the first such login,
// not when the program starts: every declic-centre command would pay for it.
var decoyHash = sync.OnceValue(mustHash)

func mustHash() string {
	b := make([]byte, 16)
	rand.Read(b)
	h, _ := hashPassword(string(b))
	return h
}

var b64 = base64.RawStdEncoding

func hashPassword(password string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	sum := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(sum)), nil
}

// hashParams are an encoded hash's parts.
type hashParams struct {
	memory, time uint32
	threads      uint8
	salt, sum    []byte
}

// parseHash reads "argon2id$v=19$m=…,t=…,p=…$salt$sum"; only the parameters this
// package writes are accepted, so a damaged file cannot ask for gigabytes of memory.
func parseHash(encoded string) (hashParams, bool) {
	var h hashParams
	parts := strings.Split(encoded, "$")
	if len(parts) != 5 || parts[0] != "argon2id" {
		return h, false
	}
	var version int
	if _, err := fmt.Sscanf(parts[1], "v=%d", &version); err != nil || version != argon2.Version {
		return h, false
	}
	if _, err := fmt.Sscanf(parts[2], "m=%d,t=%d,p=%d", &h.memory, &h.time, &h.threads); err != nil ||
		h.memory != argonMemory || h.time != argonTime || h.threads != argonThreads {
		return h, false
	}
	var err1, err2 error
	h.salt, err1 = b64.DecodeString(parts[3])
	h.sum, err2 = b64.DecodeString(parts[4])
	if err1 != nil || err2 != nil || len(h.salt) < 8 || len(h.sum) != argonKeyLen {
		return h, false
	}
	return h, true
}

func checkPassword(encoded, password string) bool {
	h, ok := parseHash(encoded)
	if !ok {
		return false
	}
	got := argon2.IDKey([]byte(password), h.salt, h.time, h.memory, h.threads, uint32(len(h.sum)))
	return subtle.ConstantTimeCompare(got, h.sum) == 1
}
