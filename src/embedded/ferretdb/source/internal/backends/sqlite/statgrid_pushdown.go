// StatGrid's addition to FerretDB 1.24's SQLite backend (copied into its source before the build;
// see src/embedded/localServices.ts).
//
// FerretDB 1.24 hands the backend the query filter but the SQLite backend used only a lone `_id`
// equality, so every other query decoded every document of the collection in Go (~60 µs each).
// This prefilter lets SQLite drop documents that cannot match: a top-level field equal to a string
// or a number, `$in` a list of them, or in a range of dates (`$gt`, `$gte`, `$lt`, `$lte`; sjson keeps a date
// as its Unix milliseconds). It is a superset of the matches (a document whose field is an array
// always passes), and the handler still applies the whole filter to what passes.

package sqlite

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"time"

	"github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata"
	"github.com/FerretDB/FerretDB/internal/handler/sjson"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// Field names safe to write into a JSON path literal.
var statgridPlainKey = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

const statgridMaxIn = 500

// statgridWhere returns the WHERE clause and its arguments for a query's filter.
func statgridWhere(filter *types.Document) (string, []any) {
	if filter == nil {
		return "", nil
	}

	var terms []string
	var args []any

	for _, k := range filter.Keys() {
		v := must.NotFail(filter.Get(k))

		if k == "_id" {
			switch v.(type) {
			case string, types.ObjectID:
				terms = append(terms, fmt.Sprintf(`%s = ?`, metadata.IDColumn))
				args = append(args, string(must.NotFail(sjson.MarshalSingleValue(v))))
			}

			continue
		}

		if !statgridPlainKey.MatchString(k) {
			continue
		}

		value := fmt.Sprintf(`json_extract(%s, '$.%s')`, metadata.DefaultColumn, k)
		isArray := fmt.Sprintf(`json_type(%s, '$.%s') = 'array'`, metadata.DefaultColumn, k)

		if scalar, ok := statgridScalar(v); ok {
			terms = append(terms, fmt.Sprintf(`(%s = ? OR %s)`, value, isArray))
			args = append(args, scalar)

			continue
		}

		if v, ok := v.(*types.Document); ok {
			if in := statgridScalarsIn(v); in != nil {
				marks := strings.TrimSuffix(strings.Repeat("?,", len(in)), ",")
				terms = append(terms, fmt.Sprintf(`(%s IN (%s) OR %s)`, value, marks, isArray))

				args = append(args, in...)

				continue
			}

			if cmp, bounds := statgridDateRange(v, value); cmp != "" {
				terms = append(terms, fmt.Sprintf(`((%s) OR %s)`, cmp, isArray))
				args = append(args, bounds...)
			}
		}
	}

	if len(terms) == 0 {
		return "", nil
	}

	return " WHERE " + strings.Join(terms, " AND "), args
}

// statgridScalar returns a string or a number as SQLite compares it with what json_extract gives
// (sjson keeps both as plain JSON; SQLite finds 5 and 5.0 equal, and a string never equal to a number).
func statgridScalar(v any) (any, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case int32:
		return int64(v), true
	case int64:
		return v, true
	case float64:
		return v, !math.IsNaN(v) && !math.IsInf(v, 0)
	}

	return nil, false
}

// statgridScalarsIn returns the values of `{$in: [strings or numbers]}`, or nil for any other operator document.
func statgridScalarsIn(op *types.Document) []any {
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
		scalar, ok := statgridScalar(must.NotFail(arr.Get(i)))
		if !ok {
			return nil
		}

		out = append(out, scalar)
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
