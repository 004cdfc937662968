//go:build race

package codes_test

// raceEnabled is whether the race detector is on: the tests that read
// 100 MB or more skip then, as they run single-threaded code 20 times
// slower and exercise no concurrency.
const raceEnabled = true
