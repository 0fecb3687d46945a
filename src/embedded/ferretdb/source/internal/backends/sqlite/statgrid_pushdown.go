// StatGrid's addition to FerretDB 1.24's SQLite backend (copied into its source before the build;
// see src/embedded/ferretdb/README.md).
//
// FerretDB 1.24 hands the backend the query filter but the SQLite backend used only a lone `_id`
// equality, so every other query decoded every document of the collection in Go (~60 µs each).
// This prefilter lets SQLite drop documents that cannot match: a top-level field equal to a string
// or a number, `$in` a list of them, or in a range of dates (`$gt`, `$gte`, `$lt`, `$lte`; sjson keeps a date
// as its Unix milliseconds), and a dotted path `a.b` through an object or an array of them equal to or `$in`
// strings and numbers (sjson writes a subdocument as a plain JSON object). It is a superset of the matches
// (a document whose field is an array always passes), and the handler still applies the whole filter to what passes.
//
// On a field with a declared index the terms are written as the index is (`_ferretdb_sjson->"field"`,
// the value's JSON text), because SQLite uses an expression index only for the same expression text.

package sqlite

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata"
	"github.com/FerretDB/FerretDB/internal/handler/sjson"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// Field names safe to write into a JSON path literal.
var statgridPlainKey = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// A value takes at most two parameters (0 and -0 as texts; a dotted path writes its list twice): 16,000 stays
// under SQLite's 32,766. A longer `$in` is left to the handler, which decodes the whole collection: at 500,
// looking up a thousand members by `_id` read all of them.
const statgridMaxIn = 8_000

// The Unix milliseconds between 2001-09-09 and 2286-11-20 have 13 digits, so their JSON texts sort as
// the numbers do: within these bounds a date range can be read from an index of JSON texts.
const (
	statgridMinTextDate = 1_000_000_000_000
	statgridMaxTextDate = 9_999_999_999_999
)

// statgridWhere returns the WHERE clause and its arguments for a query's filter on a collection with these indexes.
func statgridWhere(filter *types.Document, indexes []metadata.IndexInfo) (string, []any) {
	if filter == nil {
		return "", nil
	}

	var terms []string
	var args []any

	for _, k := range filter.Keys() {
		v := must.NotFail(filter.Get(k))

		if k == "_id" {
			ids := []any{v}
			if op, ok := v.(*types.Document); ok {
				ids = statgridIn(op)
			}

			if term, idArgs := statgridIDs(ids); term != "" {
				terms = append(terms, term)
				args = append(args, idArgs...)
			}

			continue
		}

		if parent, child, ok := strings.Cut(k, "."); ok {
			if term, termArgs := statgridDottedTerm(parent, child, v); term != "" {
				terms = append(terms, term)
				args = append(args, termArgs...)
			}

			continue
		}

		if !statgridPlainKey.MatchString(k) {
			continue
		}

		var term string
		var termArgs []any

		if statgridIndexed(indexes, k) {
			term, termArgs = statgridIndexTerm(k, v)
		} else {
			term, termArgs = statgridExtractTerm(k, v)
		}

		if term != "" {
			terms = append(terms, term)
			args = append(args, termArgs...)
		}
	}

	if len(terms) == 0 {
		return "", nil
	}

	return " WHERE " + strings.Join(terms, " AND "), args
}

// statgridIDs compares the `_id` column (indexed) with strings and ObjectIDs, equal to one or `$in` several
// (a grid's roster, a street's grids), or returns "" if any value is of another type.
func statgridIDs(ids []any) (string, []any) {
	if len(ids) == 0 {
		return "", nil
	}

	args := make([]any, 0, len(ids))

	for _, id := range ids {
		switch id.(type) {
		case string, types.ObjectID:
			args = append(args, string(must.NotFail(sjson.MarshalSingleValue(id))))
		default:
			return "", nil
		}
	}

	if len(args) == 1 {
		return fmt.Sprintf(`%s = ?`, metadata.IDColumn), args
	}

	return fmt.Sprintf(`%s IN (?%s)`, metadata.IDColumn, strings.Repeat(", ?", len(args)-1)), args
}

// statgridIndexed reports whether a declared index has the top-level field k.
func statgridIndexed(indexes []metadata.IndexInfo, k string) bool {
	for _, index := range indexes {
		for _, key := range index.Key {
			if key.Field == k {
				return true
			}
		}
	}

	return false
}

// statgridIndexTerm compares the field's JSON text, as the index holds it, with the JSON texts of the
// values asked for. A document whose field is an array passes through a second range of the same index
// (an array's text starts with `[`), so SQLite reads both from the index.
func statgridIndexTerm(k string, v any) (string, []any) {
	text := fmt.Sprintf(`%s->%q`, metadata.DefaultColumn, k)
	isArray := fmt.Sprintf(`(%[1]s >= '[' AND %[1]s < '\')`, text)

	op, ok := v.(*types.Document)
	if !ok {
		return statgridAnyOf(text, isArray, []any{v}, statgridJSONTexts)
	}

	if in := statgridIn(op); in != nil {
		return statgridAnyOf(text, isArray, in, statgridJSONTexts)
	}

	if lo, hi, ok := statgridDateBounds(op); ok && lo >= statgridMinTextDate && hi <= statgridMaxTextDate {
		// inclusive bounds: a superset of `$gt`/`$lt`, which the handler then applies exactly
		return fmt.Sprintf(`((%[1]s >= ? AND %[1]s <= ?) OR %[2]s)`, text, isArray),
			[]any{strconv.FormatInt(lo, 10), strconv.FormatInt(hi, 10)}
	}

	return statgridExtractTerm(k, v)
}

// statgridExtractTerm compares the field's value as json_extract gives it, for fields without an index.
func statgridExtractTerm(k string, v any) (string, []any) {
	value := fmt.Sprintf(`json_extract(%s, '$.%s')`, metadata.DefaultColumn, k)
	isArray := fmt.Sprintf(`json_type(%s, '$.%s') = 'array'`, metadata.DefaultColumn, k)

	values := []any{v}
	if op, ok := v.(*types.Document); ok {
		if cmp, bounds := statgridDateRange(op, value); cmp != "" {
			return fmt.Sprintf(`((%s) OR %s)`, cmp, isArray), bounds
		}

		if values = statgridIn(op); values == nil {
			return "", nil
		}
	}

	term, args := statgridAnyOf(value, isArray, values, statgridScalarArg)

	return statgridFirstLookFor(values, term, args)
}

// statgridDottedTerm keeps the documents where `parent.child` may equal a string or a number or be `$in` them:
// parent an object whose child is one of the values, or an array with such an object (a member's grid in
// `memberships: [{grid, role}]`). A child that is an array passes for the handler to judge; an array in the array
// cannot match (MongoDB walks one array on a path); json_each also walks an object's values, which only lets more
// through.
// Other paths (a third part, a part that is no plain key, such as an array index) are left to the handler.
func statgridDottedTerm(parent, child string, v any) (string, []any) {
	if !statgridPlainKey.MatchString(parent) || !statgridPlainKey.MatchString(child) {
		return "", nil
	}

	values := []any{v}
	if op, ok := v.(*types.Document); ok {
		if values = statgridIn(op); values == nil {
			return "", nil
		}
	}

	args := statgridArgs(values, statgridScalarArg)
	if args == nil {
		return "", nil
	}

	marks := statgridMarks(len(args))
	col := metadata.DefaultColumn

	inObject := fmt.Sprintf(`json_extract(%s, '$.%s.%s') IN (%s) OR json_type(%[1]s, '$.%[2]s.%[3]s') = 'array'`,
		col, parent, child, marks)
	// CASE, not AND: json_extract fails on an element that is a bare string, and only CASE promises not to run it
	inElement := fmt.Sprintf(`SELECT 1 FROM json_each(%s, '$.%s') WHERE CASE type `+
		`WHEN 'object' THEN json_extract(value, '$.%s') IN (%s) OR json_type(value, '$.%[3]s') = 'array' ELSE 0 END`,
		col, parent, child, marks)

	return statgridFirstLookFor(values, fmt.Sprintf(`(%s OR EXISTS (%s))`, inObject, inElement), append(args, args...))
}

// statgridFirstLookFor puts before a term on up to statgridMaxNeedles strings a search for their JSON texts
// in the document (or returns the term as it is): a document holding one of the strings holds its text, written
// by the same encoder, and looking for a text is cheaper than parsing every document's JSON.
func statgridFirstLookFor(values []any, term string, args []any) (string, []any) {
	if term == "" || len(values) > statgridMaxNeedles {
		return term, args
	}

	needles := statgridArgs(values, statgridStringText)
	if needles == nil {
		return term, args
	}

	has := strings.TrimSuffix(strings.Repeat(fmt.Sprintf(`instr(%s, ?) > 0 OR `, metadata.DefaultColumn),
		len(needles)), " OR ")

	// CASE, so that SQLite parses JSON only after instr found the text
	return fmt.Sprintf(`CASE WHEN %s THEN %s ELSE 0 END`, has, term), append(needles, args...)
}

// statgridMaxNeedles bounds the texts looked for in each document: beyond a few, parsing it is cheaper.
const statgridMaxNeedles = 8

// statgridStringText returns the JSON text sjson writes for a string as the only argument, or nil.
func statgridStringText(v any) []any {
	if _, ok := v.(string); ok {
		return []any{string(must.NotFail(sjson.MarshalSingleValue(v)))}
	}

	return nil
}

// statgridArgs returns the arguments argsOf gives for each value, or nil if it gives none for one of them.
func statgridArgs(values []any, argsOf func(any) []any) []any {
	var args []any

	for _, v := range values {
		vArgs := argsOf(v)
		if vArgs == nil {
			return nil
		}

		args = append(args, vArgs...)
	}

	return args
}

// statgridMarks returns n parameter marks separated by commas.
func statgridMarks(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

// statgridAnyOf returns `(expr IN (…) OR isArray)` with the arguments argsOf gives for each value,
// or "" if it gives none for one of them.
func statgridAnyOf(expr, isArray string, values []any, argsOf func(any) []any) (string, []any) {
	args := statgridArgs(values, argsOf)
	if args == nil {
		return "", nil
	}

	return fmt.Sprintf(`(%s IN (%s) OR %s)`, expr, statgridMarks(len(args)), isArray), args
}

// statgridJSONTexts returns the JSON texts sjson writes for the values equal to a string or a number
// (an integer and the double of the same value are written alike; -0 is written apart), or nil.
func statgridJSONTexts(v any) []any {
	n, ok := statgridScalar(v)
	switch {
	case !ok:
		return nil
	case n == int64(0) || n == float64(0):
		return []any{"0", "-0"}
	default:
		return []any{string(must.NotFail(sjson.MarshalSingleValue(v)))}
	}
}

// statgridScalarArg returns statgridScalar's value as the only argument, or nil.
func statgridScalarArg(v any) []any {
	if scalar, ok := statgridScalar(v); ok {
		return []any{scalar}
	}

	return nil
}

// Beyond 2^53 an integer and the equal double are written with different digits (2^60 is
// 1152921504606846976 as an int64, 1152921504606847000 as a double), so neither text nor number compares.
const statgridMaxExactInt = 1 << 53

// statgridScalar returns a string or a number as SQLite compares it with what json_extract gives
// (sjson keeps both as plain JSON; SQLite finds 5 and 5.0 equal, and a string never equal to a number).
func statgridScalar(v any) (any, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case int32:
		return int64(v), true
	case int64:
		return v, v >= -statgridMaxExactInt && v <= statgridMaxExactInt
	case float64:
		return v, !math.IsNaN(v) && math.Abs(v) <= statgridMaxExactInt
	}

	return nil, false
}

// statgridIn returns the values of `{$in: [...]}` (at most statgridMaxIn), or nil for any other operator document.
func statgridIn(op *types.Document) []any {
	if op.Len() != 1 {
		return nil
	}

	in, err := op.Get("$in")
	if err != nil {
		return nil
	}

	arr, ok := in.(*types.Array)
	if !ok || arr.Len() == 0 || arr.Len() > statgridMaxIn {
		return nil
	}

	out := make([]any, 0, arr.Len())
	for i := 0; i < arr.Len(); i++ {
		out = append(out, must.NotFail(arr.Get(i)))
	}

	return out
}

// SQL comparison operators for MongoDB's range operators.
var statgridRangeOps = map[string]string{"$gt": ">", "$gte": ">=", "$lt": "<", "$lte": "<="}

// statgridDateRange returns the comparisons of `{$gte: date, $lt: date, ...}` on value and their
// arguments, or "" if the operator document holds anything else.
func statgridDateRange(op *types.Document, value string) (string, []any) {
	if op.Len() == 0 {
		return "", nil
	}

	var cmps []string
	var args []any

	for _, k := range op.Keys() {
		sqlOp, ok := statgridRangeOps[k]
		if !ok {
			return "", nil
		}

		t, ok := must.NotFail(op.Get(k)).(time.Time)
		if !ok {
			return "", nil
		}

		cmps = append(cmps, fmt.Sprintf(`%s %s ?`, value, sqlOp))
		args = append(args, t.UnixMilli())
	}

	return strings.Join(cmps, " AND "), args
}

// statgridDateBounds returns the lowest and highest Unix milliseconds `{$gte: date, $lt: date, ...}` admits,
// or false if the operator document holds anything else or lacks a lower or an upper bound.
func statgridDateBounds(op *types.Document) (int64, int64, bool) {
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)

	for _, k := range op.Keys() {
		t, ok := must.NotFail(op.Get(k)).(time.Time)
		if !ok {
			return 0, 0, false
		}

		switch k {
		case "$gt", "$gte":
			lo = max(lo, t.UnixMilli())
		case "$lt", "$lte":
			hi = min(hi, t.UnixMilli())
		default:
			return 0, 0, false
		}
	}

	return lo, hi, lo != math.MinInt64 && hi != math.MaxInt64
}
