package sjson

// StatGrid patch test: the one-pass decoder gives exactly what FerretDB's decoder gives, for every type,
// and takes every document Marshal writes; Marshal writes what FerretDB's encoder writes.
// Run by tests/integration/ferretdbPatchesGo.test.ts.

import (
	"fmt"
	"math"
	"math/rand"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

func statgridDoc(pairs ...any) *types.Document {
	return must.NotFail(types.NewDocument(pairs...))
}

func statgridArray(values ...any) *types.Array {
	return must.NotFail(types.NewArray(values...))
}

// every type, nested, and the empty cases
func statgridDocs() []*types.Document {
	id := types.ObjectID{0x65, 0x6f, 0x1a, 0x02, 0xff, 0x00, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60}
	at := time.UnixMilli(1767225600123)

	return []*types.Document{
		statgridDoc(),
		statgridDoc("_id", "2026:S0001-01"),
		statgridDoc("_id", id, "n", int32(-7), "big", int64(math.MaxInt64), "small", int64(math.MinInt64),
			"d", 3.25, "whole", 42.0, "neg", -0.5, "tiny", 5e-324, "huge", math.MaxFloat64, "zero", 0.0, "negzero", math.Copysign(0, -1)),
		statgridDoc("t", true, "f", false, "null", types.Null, "at", at, "before1970", time.UnixMilli(-86400001)),
		statgridDoc("bin", types.Binary{B: []byte{0, 1, 2, 255}, Subtype: types.BinaryGeneric},
			"uuid", types.Binary{B: make([]byte, 16), Subtype: types.BinaryUUID}, "emptyBin", types.Binary{B: []byte{}, Subtype: types.BinaryUser}),
		statgridDoc("re", types.Regex{Pattern: `^张.*\d+$`, Options: "im"}, "ts", types.Timestamp(7301258236297461761)),
		statgridDoc("s", "统计网格 “引号” \"quoted\" back\\slash\ttab\nnewline <html> & \u2028 \x01 é 😀", "empty", "", "key with spaces", "v"),
		statgridDoc("emptyDoc", statgridDoc(), "emptyArr", types.MakeArray(0), "arrOfEmpty", statgridArray(statgridDoc(), types.MakeArray(0))),
		statgridDoc(
			"_id", "2026:S0001-01",
			"members", statgridDoc(
				"656f1a02ff00102030405060", statgridDoc("present", int32(4), "filedOnTime", int32(11), "lastFiledOnTime", "2026-11", "acks", int32(10)),
				"656f1a02ff00102030405061", statgridDoc("present", int32(1)),
			),
			"held", statgridDoc("12", statgridDoc("startsAt", at, "closesAt", at, "cancelled", true)),
			"rows", statgridArray(
				statgridDoc("member", "a", "grids", statgridArray("S0001", "S0001-01"), "leads", statgridArray(),
					"attendance", statgridDoc("done", int32(4), "expected", int32(5)), "score", 91.5, "passed", true, "stars", int32(2)),
				statgridDoc("member", "b", "adjustment", statgridDoc("score", int32(60), "reason", "理由", "at", at)),
			),
			"mixed", statgridArray(int32(1), "two", 3.0, types.Null, statgridArray(statgridArray(id)), statgridDoc("x", statgridDoc("y", statgridDoc("z", int64(1))))),
			"pending", statgridArray(),
		),
	}
}

// a random document: every type, nested up to depth, keys that need escaping in the schema now and then
// (Marshal writes a field's key as it is, so a key with a quote cannot be stored by either decoder)
func statgridRandom(r *rand.Rand, depth int) *types.Document {
	d := types.MakeDocument(0)
	n := r.Intn(6)

	for i := 0; i < n; i++ {
		key := []string{"a", "_id", "名字", "a<b&c", "2026-01", "x.y", "$k", "p", "t"}[r.Intn(9)] + string(rune('a'+i))
		d.Set(key, statgridValue(r, depth))
	}

	return d
}

func statgridValue(r *rand.Rand, depth int) any {
	switch k := r.Intn(14); {
	case k == 0 && depth > 0:
		return statgridRandom(r, depth-1)
	case k == 1 && depth > 0:
		a := types.MakeArray(0)
		for i := r.Intn(4); i > 0; i-- {
			a.Append(statgridValue(r, depth-1))
		}

		return a
	case k == 2:
		return r.NormFloat64() * math.Pow(10, float64(r.Intn(40)-20))
	case k == 3:
		return strings.Repeat("统计\\\"\n", r.Intn(3)) + string(rune(r.Intn(0x3000))) + []string{"", "\u2028", "\xff", "<&>"}[r.Intn(4)]
	case k == 4:
		b := make([]byte, r.Intn(20))
		r.Read(b)

		return types.Binary{B: b, Subtype: types.BinarySubtype(r.Intn(9))}
	case k == 5:
		var id types.ObjectID
		r.Read(id[:])

		return id
	case k == 6:
		return r.Intn(2) == 0
	case k == 7:
		return time.UnixMilli(r.Int63n(1<<44) - 1<<43)
	case k == 8:
		return types.Null
	case k == 9:
		return types.Regex{Pattern: "a+\\b", Options: []string{"", "i", "ms"}[r.Intn(3)]}
	case k == 10:
		return int32(r.Uint32())
	case k == 11:
		return types.Timestamp(r.Uint64())
	case k == 12:
		return int64(r.Uint64())
	default:
		return "s"
	}
}

func statgridCheck(t *testing.T, data []byte, mustBeOnePass bool) {
	t.Helper()

	want, wantErr := unmarshalReflect(data)
	got, ok := unmarshalOnePass(data)

	if mustBeOnePass && !ok {
		t.Fatalf("not decoded in one pass: %s", data)
	}

	if ok && wantErr != nil {
		t.Fatalf("one pass decoded what FerretDB refuses (%v): %s", wantErr, data)
	}

	if ok && !reflect.DeepEqual(got, want) {
		t.Fatalf("decoded differently:\n%s\none pass:  %#v\nreflected: %#v", data, got, want)
	}

	// the patched Unmarshal answers as FerretDB's did, one pass or not
	viaUnmarshal, err := Unmarshal(data)
	if (err == nil) != (wantErr == nil) || !reflect.DeepEqual(viaUnmarshal, want) {
		t.Fatalf("Unmarshal differs: %v / %v\n%s", err, wantErr, data)
	}
}

// Marshal writes what FerretDB's encoder writes, byte for byte, and refuses what it refuses.
func TestStatGridMarshalSameBytes(t *testing.T) {
	r := rand.New(rand.NewSource(18))
	docs := append(statgridDocs(), statgridRoster(), statgridDoc("with \"quote\"", "top-level keys are written as they are"))

	for i := 0; i < 20000; i++ {
		docs = append(docs, statgridRandom(r, 3))
	}

	for _, d := range docs {
		got, err := Marshal(d)
		want, wantErr := marshalReflect(d)

		if (err == nil) != (wantErr == nil) || string(got) != string(want) {
			t.Fatalf("encoded differently (%v / %v):\n%s\n%s", err, wantErr, got, want)
		}
	}

	for _, bad := range []any{math.NaN(), math.Inf(1), statgridArray(statgridDoc("x", math.Inf(-1)))} {
		if _, err := Marshal(statgridDoc("v", bad)); err == nil {
			t.Fatalf("%v encoded", bad)
		}
	}
}

func TestStatGridOnePassEveryType(t *testing.T) {
	for _, d := range statgridDocs() {
		statgridCheck(t, must.NotFail(Marshal(d)), true)
	}
}

func TestStatGridOnePassRandom(t *testing.T) {
	r := rand.New(rand.NewSource(2026))
	for i := 0; i < 20000; i++ {
		statgridCheck(t, must.NotFail(Marshal(statgridRandom(r, 3))), true)
	}
}

// Shapes Marshal does not write are left to FerretDB's decoder: same document or same refusal.
func TestStatGridOnePassOtherShapes(t *testing.T) {
	for _, data := range []string{
		`{"$s":{"p":{"a":{"t":"int"},"b":{"t":"string"}},"$k":["a","b"]},"b":"x","a":1}`,
		`{"a":1,"$s":{"p":{"a":{"t":"int"}},"$k":["a"]}}`,
		`{"$s":{"$k":["a"],"p":{"a":{"t":"int"}}},"a":1}`,
		` { "$s" : { "p" : { "a" : { "t" : "int" } } , "$k" : [ "a" ] } , "a" : 1 }`,
		`{"$s":{"p":{"a":{"t":"int"}},"$k":["a"]},"a":1} `,
		`{"$s":{"p":{"a":{"t":"int"}},"$k":["a"]},"a":1}x`,
		`{"$s":{"p":{"\u0061":{"t":"string"}},"$k":["a"]},"\u0061":"\u00e9\ud83d\ude00"}`,
		`{"$s":{"p":{"a":{"t":"int"}},"$k":["a"]},"a":2147483648}`,
		`{"$s":{"p":{"a":{"t":"int"}},"$k":["a"]},"a":1.5}`,
		`{"$s":{"p":{"a":{"t":"int"}},"$k":["a"]},"a":01}`,
		`{"$s":{"p":{"a":{"t":"long"}},"$k":["a"]},"a":-0}`,
		`{"$s":{"p":{"a":{"t":"double"}},"$k":["a"]},"a":1e400}`,
		`{"$s":{"p":{"a":{"t":"double"}},"$k":["a"]},"a":-1.5E-3}`,
		`{"$s":{"p":{"a":{"t":"string"}},"$k":["a"]},"a":null}`,
		`{"$s":{"p":{"a":{"t":"null"}},"$k":["a"]},"a":1}`,
		`{"$s":{"p":{"a":{"t":"int"}},"$k":["a","a"]},"a":1,"a":2}`,
		`{"$s":{"p":{"a":{"t":"int"}},"$k":["a"]},"a":1,"b":2}`,
		`{"$s":{"p":{"a":{"t":"int"},"b":{"t":"int"}},"$k":["a","b"]},"a":1}`,
		`{"$s":{"p":{"a":{"t":"object","$s":{}}},"$k":["a"]},"a":{}}`,
		`{"$s":{"p":{"a":{"t":"object","$s":{}}},"$k":["a"]},"a":{"b":1}}`,
		`{"$s":{"p":{"a":{"t":"object"}},"$k":["a"]},"a":{}}`,
		`{"$s":{"p":{"a":{"t":"array","i":[{"t":"int"}]}},"$k":["a"]},"a":[1,2]}`,
		`{"$s":{"p":{"a":{"t":"array","i":[{"t":"int"},{"t":"int"}]}},"$k":["a"]},"a":[1]}`,
		`{"$s":{"p":{"a":{"t":"objectId"}},"$k":["a"]},"a":"656f1a02ff0010203040506"}`,
		`{"$s":{"p":{"a":{"t":"objectId"}},"$k":["a"]},"a":"656F1A02FF00102030405060"}`,
		`{"$s":{"p":{"a":{"t":"binData","s":0}},"$k":["a"]},"a":"AAEC/w=="}`,
		`{"$s":{"p":{"a":{"t":"binData"}},"$k":["a"]},"a":"AAEC/w=="}`,
		`{"$s":{"p":{"a":{"t":"regex","o":"i"}},"$k":["a"]},"a":"x"}`,
		`{"$s":{"p":{"a":{"t":"what"}},"$k":["a"]},"a":1}`,
		`{"$s":{"p":{"a":{"t":"int","x":1}},"$k":["a"]},"a":1}`,
		`{"$s":{"p":{"a":{"t":"string"}},"$k":["a"]},"a":"bad \x01 control"}`,
		"{\"$s\":{\"p\":{\"a\":{\"t\":\"string\"}},\"$k\":[\"a\"]},\"a\":\"bad utf-8 \xff\"}",
		`{"$s":{},"a":1}`,
		`{"$s":{}}`,
		`{}`,
		`[]`,
		``,
	} {
		statgridCheck(t, []byte(data), false)
	}
}

// a grid's roster: twenty people of four fields each
func statgridRoster() *types.Document {
	people := types.MakeDocument(20)
	for i := 0; i < 20; i++ {
		people.Set(fmt.Sprintf("656f1a02ff001020304050%02d", i),
			statgridDoc("name", fmt.Sprintf("成员%d", i), "phone", "13800000000", "unit", "S0001-01单位", "role", "member"))
	}

	return statgridDoc("_id", "S0001-01", "people", people)
}

func BenchmarkStatGridSJSON(b *testing.B) {
	for name, doc := range map[string]*types.Document{"tally": statgridDocs()[8], "roster": statgridRoster()} {
		data := must.NotFail(Marshal(doc))

		for what, run := range map[string]func(){
			"marshal":        func() { must.NotFail(Marshal(doc)) },
			"marshalReflect": func() { must.NotFail(marshalReflect(doc)) },
			"onePass":        func() { must.NotFail(Unmarshal(data)) },
			"reflect":        func() { must.NotFail(unmarshalReflect(data)) },
		} {
			b.Run(name+"/"+what, func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					run()
				}
			})
		}
	}
}
