package sjson

// StatGrid patch (see src/embedded/ferretdb/README.md): encodes a document into one buffer, byte for byte
// what FerretDB's encoder (marshalReflect) writes, which built a buffer and called json.Marshal for every
// key, value and schema element: writing a result set's rows cost more than storing them.

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/lazyerrors"
)

// Marshal encodes given document fields and set its schema in the field $s.
func Marshal(d *types.Document) ([]byte, error) {
	if d == nil {
		panic("v is nil")
	}

	b := append(make([]byte, 0, 256), `{"$s":`...)
	b = appendSchema(b, d)

	keys, values := d.Keys(), d.Values()

	var err error

	for i, key := range keys {
		// FerretDB writes a top-level key as it is (nested keys are escaped)
		b = append(b, ',', '"')
		b = append(b, key...)
		b = append(b, '"', ':')

		if b, err = appendValue(b, values[i]); err != nil {
			return nil, lazyerrors.Error(err)
		}
	}

	return append(b, '}'), nil
}

// appendJSONString appends s as json.Marshal writes it: text as it is, but for what it escapes (quotes,
// backslashes, control and HTML characters, U+2028, U+2029, invalid UTF-8), which it is left to.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
				return appendMarshaled(b, s)
			}

			i++

			continue
		}

		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || r == '\u2028' || r == '\u2029' {
			return appendMarshaled(b, s)
		}

		i += size
	}

	b = append(b, '"')
	b = append(b, s...)

	return append(b, '"')
}

func appendMarshaled(b []byte, s string) []byte {
	quoted, _ := json.Marshal(s) // a string always encodes

	return append(b, quoted...)
}

// appendSchema appends what marshalSchemaForDoc returns.
func appendSchema(b []byte, d *types.Document) []byte {
	keys, values := d.Keys(), d.Values()
	if len(keys) == 0 {
		return append(b, "{}"...)
	}

	b = append(b, `{"p":{`...)

	for i, key := range keys {
		if i > 0 {
			b = append(b, ',')
		}

		b = appendJSONString(b, key)
		b = append(b, ':')
		b = appendElem(b, values[i])
	}

	b = append(b, `},"$k":[`...)

	for i, key := range keys {
		if i > 0 {
			b = append(b, ',')
		}

		b = appendJSONString(b, key)
	}

	return append(b, "]}"...)
}

// appendElem appends what marshalElemForSingleValue returns.
func appendElem(b []byte, value any) []byte {
	switch v := value.(type) {
	case *types.Document:
		b = append(b, `{"t":"object","$s":`...)
		b = appendSchema(b, v)

		return append(b, '}')
	case *types.Array:
		b = append(b, `{"t":"array","i":[`...)

		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				b = append(b, ',')
			}

			el, _ := v.Get(i)
			b = appendElem(b, el)
		}

		return append(b, "]}"...)
	case float64:
		return append(b, `{"t":"double"}`...)
	case string:
		return append(b, `{"t":"string"}`...)
	case types.Binary:
		b = append(b, `{"t":"binData","s":`...)
		b = strconv.AppendUint(b, uint64(v.Subtype), 10)

		return append(b, '}')
	case types.ObjectID:
		return append(b, `{"t":"objectId"}`...)
	case bool:
		return append(b, `{"t":"bool"}`...)
	case time.Time:
		return append(b, `{"t":"date"}`...)
	case types.NullType:
		return append(b, `{"t":"null"}`...)
	case types.Regex:
		b = append(b, `{"t":"regex","o":`...)
		b = appendJSONString(b, v.Options)

		return append(b, '}')
	case int32:
		return append(b, `{"t":"int"}`...)
	case types.Timestamp:
		return append(b, `{"t":"timestamp"}`...)
	case int64:
		return append(b, `{"t":"long"}`...)
	}

	panic(fmt.Sprintf("sjson.marshalElemForSingleValue: unknown type %[1]T (value %[1]q)", value))
}

// appendValue appends what toSJSON(value).MarshalJSON returns.
func appendValue(b []byte, value any) ([]byte, error) {
	switch v := value.(type) {
	case *types.Document:
		b = append(b, '{')
		keys, values := v.Keys(), v.Values()

		var err error

		for i, key := range keys {
			if i > 0 {
				b = append(b, ',')
			}

			b = appendJSONString(b, key)
			b = append(b, ':')

			if b, err = appendValue(b, values[i]); err != nil {
				return nil, err
			}
		}

		return append(b, '}'), nil
	case *types.Array:
		b = append(b, '[')

		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				b = append(b, ',')
			}

			el, _ := v.Get(i)

			var err error
			if b, err = appendValue(b, el); err != nil {
				return nil, err
			}
		}

		return append(b, ']'), nil
	case string:
		return appendJSONString(b, v), nil
	case types.ObjectID:
		b = append(b, '"')
		b = hex.AppendEncode(b, v[:])

		return append(b, '"'), nil
	case bool:
		return strconv.AppendBool(b, v), nil
	case time.Time:
		return strconv.AppendInt(b, v.UnixMilli(), 10), nil
	case types.NullType:
		return append(b, "null"...), nil
	case int32:
		return strconv.AppendInt(b, int64(v), 10), nil
	case types.Timestamp:
		return strconv.AppendUint(b, uint64(v), 10), nil
	case int64:
		return strconv.AppendInt(b, v, 10), nil
	}

	// doubles (their format, and NaN refused), binary and regular expressions as FerretDB writes them
	out, err := toSJSON(value).MarshalJSON()
	if err != nil {
		return nil, err
	}

	return append(b, out...), nil
}
