// Benchmarks arrive with their issue; until then this says so rather than printing made-up numbers.
console.log('no benchmarks yet');
