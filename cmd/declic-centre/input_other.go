//go:build !unix

package main

import "os"

// openNoBlock opens path for reading (Windows has no FIFOs in the file system).
func openNoBlock(path string) (*os.File, error) { return os.Open(path) }
