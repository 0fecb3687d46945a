package sjson

// StatGrid patch (see src/embedded/ferretdb/README.md): decodes a stored document in one pass over its
// bytes. FerretDB's decoder builds a json.Decoder and a map of raw messages for every nested value and
// decodes the schema by reflection, so reading a document cost some 60 µs and most of FerretDB's garbage.
// Anything not in the shape Marshal writes (schema first, fields in the schema's order, no stray bytes)
// is left to that decoder (unmarshalReflect), so errors and odd input behave as before.

import (
	"encoding/hex"
	"encoding/json"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/FerretDB/FerretDB/internal/types"
)

// Unmarshal decodes the top-level document: in one pass when it can, else as FerretDB did.
func Unmarshal(data []byte) (*types.Document, error) {
	if d, ok := unmarshalOnePass(data); ok {
		return d, nil
	}

	return unmarshalReflect(data)
}

// onePassSchema is a document's schema: its keys in order, each with its element.
type onePassSchema struct {
	keys  []string
	elems []*onePassElem
}

// onePassElem is one value's schema; fields as in elem.
type onePassElem struct {
	t       elemType
	schema  *onePassSchema
	items   []*onePassElem
	options string
	subtype types.BinarySubtype
	// whether "o" (regex) and "s" (binData) were given
	hasOptions, hasSubtype bool
}

type scanner struct {
	b []byte
	i int
}

func (s *scanner) space() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// eat consumes c (after white space) if it comes next.
func (s *scanner) eat(c byte) bool {
	s.space()

	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}

	return false
}

func (s *scanner) literal(word string) bool {
	s.space()

	if len(s.b)-s.i >= len(word) && string(s.b[s.i:s.i+len(word)]) == word {
		s.i += len(word)
		return true
	}

	return false
}

// rawString returns a string token with its quotes, and whether its bytes are the string itself
// (no escapes, valid UTF-8): only those are taken as they are.
func (s *scanner) rawString() (raw []byte, plain, ok bool) {
	s.space()

	if s.i >= len(s.b) || s.b[s.i] != '"' {
		return nil, false, false
	}

	start := s.i
	plain = true
	ascii := true

	for s.i++; s.i < len(s.b); s.i++ {
		switch c := s.b[s.i]; {
		case c == '"':
			s.i++
			raw = s.b[start:s.i]

			if !ascii && plain {
				plain = utf8.Valid(raw)
			}

			return raw, plain, true
		case c == '\\':
			plain = false
			s.i++
		case c < 0x20:
			return nil, false, false
		case c >= 0x80:
			ascii = false
		}
	}

	return nil, false, false
}

func (s *scanner) str() (string, bool) {
	raw, plain, ok := s.rawString()
	if !ok {
		return "", false
	}

	return stringOf(raw, plain)
}

// stringOf decodes a string token (quotes included); one with escapes as encoding/json does.
func stringOf(raw []byte, plain bool) (string, bool) {
	if plain {
		return string(raw[1 : len(raw)-1]), true
	}

	var v string
	if json.Unmarshal(raw, &v) != nil {
		return "", false
	}

	return v, true
}

// number returns a JSON number token.
func (s *scanner) number() ([]byte, bool) {
	s.space()

	start := s.i
	if s.i < len(s.b) && s.b[s.i] == '-' {
		s.i++
	}

	switch {
	case s.i < len(s.b) && s.b[s.i] == '0':
		s.i++
	case s.i < len(s.b) && s.b[s.i] >= '1' && s.b[s.i] <= '9':
		s.digits()
	default:
		return nil, false
	}

	if s.i < len(s.b) && s.b[s.i] == '.' {
		s.i++
		if !s.digits() {
			return nil, false
		}
	}

	if s.i < len(s.b) && (s.b[s.i] == 'e' || s.b[s.i] == 'E') {
		s.i++
		if s.i < len(s.b) && (s.b[s.i] == '+' || s.b[s.i] == '-') {
			s.i++
		}

		if !s.digits() {
			return nil, false
		}
	}

	return s.b[start:s.i], true
}

func (s *scanner) digits() bool {
	start := s.i
	for s.i < len(s.b) && s.b[s.i] >= '0' && s.b[s.i] <= '9' {
		s.i++
	}

	return s.i > start
}

// members calls member for each key of an object, positioned at its value.
func (s *scanner) members(member func(key []byte, plain bool) bool) bool {
	if !s.eat('{') {
		return false
	}

	if s.eat('}') {
		return true
	}

	for {
		raw, plain, ok := s.rawString()
		if !ok || !s.eat(':') || !member(raw, plain) {
			return false
		}

		if s.eat('}') {
			return true
		}

		if !s.eat(',') {
			return false
		}
	}
}

// keyIs tells whether a key token names key.
func keyIs(raw []byte, plain bool, key string) bool {
	if plain {
		return string(raw[1:len(raw)-1]) == key
	}

	v, ok := stringOf(raw, false)

	return ok && v == key
}

// schema reads `{"p":{…},"$k":[…]}` or `{}`, as Marshal writes it: the properties first, in the order of the keys.
func (s *scanner) schema() (*onePassSchema, bool) {
	sch := new(onePassSchema)

	var haveP, haveK bool

	ok := s.members(func(key []byte, plain bool) bool {
		switch {
		case !haveP && keyIs(key, plain, "p"):
			haveP = true

			return s.members(func(key []byte, plain bool) bool {
				name, ok := stringOf(key, plain)
				if !ok {
					return false
				}

				el, ok := s.cachedElem()
				sch.keys = append(sch.keys, name)
				sch.elems = append(sch.elems, el)

				return ok
			})
		case haveP && !haveK && keyIs(key, plain, "$k"):
			haveK = true
			n := 0

			return s.list(func() bool {
				raw, plain, ok := s.rawString()
				n++

				return ok && n <= len(sch.keys) && keyIs(raw, plain, sch.keys[n-1])
			}) && n == len(sch.keys)
		default:
			return false
		}
	})

	return sch, ok && haveP == haveK
}

// list calls item for each element of an array.
func (s *scanner) list(item func() bool) bool {
	if !s.eat('[') {
		return false
	}

	if s.eat(']') {
		return true
	}

	for {
		if !item() {
			return false
		}

		if s.eat(']') {
			return true
		}

		if !s.eat(',') {
			return false
		}
	}
}

// Parsed schema elements by their text: a result set's rows, a roster's people and a tally's members
// repeat the same few in every document. An element is never changed once parsed, so they are shared.
var (
	elemCacheM sync.RWMutex
	elemCache  = map[string]*onePassElem{}
)

const (
	elemCacheMaxText    = 1024
	elemCacheMaxEntries = 4096
)

// cachedElem reads one element of a schema, parsing only one not seen before.
func (s *scanner) cachedElem() (*onePassElem, bool) {
	s.space()

	start := s.i
	end := objectEnd(s.b[:min(len(s.b), start+elemCacheMaxText)], start)

	// longer ones (a roster's people, with their ids) are seldom the same
	if end < 0 {
		return s.elem()
	}

	text := s.b[start:end]

	elemCacheM.RLock()
	el := elemCache[string(text)]
	elemCacheM.RUnlock()

	if el != nil {
		s.i = end
		return el, true
	}

	el, ok := s.elem()
	if ok && s.i == end {
		elemCacheM.Lock()

		if len(elemCache) >= elemCacheMaxEntries {
			elemCache = map[string]*onePassElem{}
		}

		elemCache[string(text)] = el
		elemCacheM.Unlock()
	}

	return el, ok
}

// objectEnd returns the index after the JSON object starting at start, or -1 if it does not end in b.
func objectEnd(b []byte, start int) int {
	if start >= len(b) || b[start] != '{' {
		return -1
	}

	depth := 0
	inString := false

	for i := start; i < len(b); i++ {
		switch c := b[i]; {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case inString:
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			depth--
			if depth == 0 {
				return i + 1
			}
		}
	}

	return -1
}

// elem reads one element of a schema: `{"t":…}` with "$s", "i", "o" or "s" as its type needs.
func (s *scanner) elem() (*onePassElem, bool) {
	el := new(onePassElem)

	var haveT, haveS, haveI bool

	ok := s.members(func(key []byte, plain bool) bool {
		if !plain || len(key) < 3 {
			return false
		}

		switch string(key[1 : len(key)-1]) {
		case "t":
			raw, plain, ok := s.rawString()
			if haveT || !ok || !plain {
				return false
			}

			haveT = true
			el.t = elemType(raw[1 : len(raw)-1])

			return true
		case "$s":
			if haveS {
				return false
			}

			haveS = true
			sch, ok := s.schema()
			el.schema = sch

			return ok
		case "i":
			if haveI {
				return false
			}

			haveI = true
			el.items = []*onePassElem{}

			return s.list(func() bool {
				item, ok := s.cachedElem()
				el.items = append(el.items, item)

				return ok
			})
		case "o":
			if el.hasOptions {
				return false
			}

			el.hasOptions = true
			o, ok := s.str()
			el.options = o

			return ok
		case "s":
			if el.hasSubtype {
				return false
			}

			el.hasSubtype = true
			n, ok := s.number()
			if !ok {
				return false
			}

			v, err := strconv.ParseUint(string(n), 10, 8)
			el.subtype = types.BinarySubtype(v)

			return err == nil
		default:
			return false
		}
	})

	if !ok || !haveT {
		return nil, false
	}

	// what each type needs, and nothing else
	switch el.t {
	case elemTypeObject:
		ok = haveS && !haveI && !el.hasOptions && !el.hasSubtype
	case elemTypeArray:
		ok = haveI && !haveS && !el.hasOptions && !el.hasSubtype
	case elemTypeRegex:
		ok = el.hasOptions && !haveS && !haveI && !el.hasSubtype
	case elemTypeBinData:
		ok = el.hasSubtype && !haveS && !haveI && !el.hasOptions
	case elemTypeDouble, elemTypeString, elemTypeObjectID, elemTypeBool, elemTypeDate, elemTypeNull,
		elemTypeInt, elemTypeTimestamp, elemTypeLong:
		ok = !haveS && !haveI && !el.hasOptions && !el.hasSubtype
	default:
		ok = false
	}

	return el, ok
}

// unmarshalOnePass decodes `{"$s":<schema>,<fields in the schema's order>}`.
func unmarshalOnePass(data []byte) (*types.Document, bool) {
	s := &scanner{b: data}

	if !s.eat('{') {
		return nil, false
	}

	raw, plain, ok := s.rawString()
	if !ok || !keyIs(raw, plain, "$s") || !s.eat(':') {
		return nil, false
	}

	sch, ok := s.schema()
	if !ok {
		return nil, false
	}

	d := types.MakeDocument(len(sch.keys))

	if len(sch.keys) > 0 {
		if !s.eat(',') || !s.fields(sch, d) {
			return nil, false
		}
	} else if !s.eat('}') {
		return nil, false
	}

	// FerretDB's decoder refuses bytes after the document, even white space
	if s.i != len(s.b) || d.Len() != len(sch.keys) {
		return nil, false
	}

	return d, true
}

// fields decodes `"key":value, …}` for each key of sch, in its order, into d.
func (s *scanner) fields(sch *onePassSchema, d *types.Document) bool {
	for i, key := range sch.keys {
		if i > 0 && !s.eat(',') {
			return false
		}

		raw, plain, ok := s.rawString()
		if !ok || !keyIs(raw, plain, key) || !s.eat(':') {
			return false
		}

		v, ok := s.value(sch.elems[i])
		if !ok {
			return false
		}

		d.Set(key, v)
	}

	return s.eat('}')
}

// value decodes one value by its schema; a JSON null is null whatever the schema says.
func (s *scanner) value(el *onePassElem) (any, bool) {
	if s.literal("null") {
		return types.Null, true
	}

	switch el.t {
	case elemTypeObject:
		start := s.i
		if s.eat('{') && s.eat('}') {
			return types.MakeDocument(0), true
		}

		s.i = start

		return s.document(el.schema)
	case elemTypeArray:
		a := types.MakeArray(len(el.items))
		n := 0

		ok := s.list(func() bool {
			if n >= len(el.items) {
				return false
			}

			v, ok := s.value(el.items[n])
			n++

			if ok {
				a.Append(v)
			}

			return ok
		})

		return a, ok && n == len(el.items)
	case elemTypeDouble:
		n, ok := s.number()
		if !ok {
			return nil, false
		}

		f, err := strconv.ParseFloat(string(n), 64)

		return f, err == nil
	case elemTypeString:
		return s.str()
	case elemTypeBinData:
		raw, _, ok := s.rawString()

		var b []byte
		if !ok || json.Unmarshal(raw, &b) != nil {
			return nil, false
		}

		return types.Binary{B: b, Subtype: el.subtype}, true
	case elemTypeObjectID:
		str, ok := s.str()
		if !ok || len(str) != 2*len(types.ObjectID{}) {
			return nil, false
		}

		var id types.ObjectID
		_, err := hex.Decode(id[:], []byte(str))

		return id, err == nil
	case elemTypeBool:
		if s.literal("true") {
			return true, true
		}

		return false, s.literal("false")
	case elemTypeDate:
		ms, ok := s.integer(64)
		return time.UnixMilli(ms), ok
	case elemTypeRegex:
		pattern, ok := s.str()
		return types.Regex{Pattern: pattern, Options: el.options}, ok
	case elemTypeInt:
		i, ok := s.integer(32)
		return int32(i), ok
	case elemTypeTimestamp:
		n, ok := s.number()
		if !ok {
			return nil, false
		}

		t, err := strconv.ParseUint(string(n), 10, 64)

		return types.Timestamp(t), err == nil
	case elemTypeLong:
		i, ok := s.integer(64)
		return i, ok
	default: // a null type with a value that is not null
		return nil, false
	}
}

// integer reads a JSON number that is an integer of so many bits.
func (s *scanner) integer(bits int) (int64, bool) {
	n, ok := s.number()
	if !ok {
		return 0, false
	}

	i, err := strconv.ParseInt(string(n), 10, bits)

	return i, err == nil
}

// document decodes a non-empty nested document by its schema.
func (s *scanner) document(sch *onePassSchema) (*types.Document, bool) {
	if sch == nil || len(sch.keys) == 0 || !s.eat('{') {
		return nil, false
	}

	d := types.MakeDocument(len(sch.keys))
	if !s.fields(sch, d) || d.Len() != len(sch.keys) {
		return nil, false
	}

	return d, true
}
