package store

// Translate exposes the driver-error translation to the bounds tests in
// package store_test.
func Translate(err error) error { return translate(err) }
