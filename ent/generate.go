// Package ent holds Kefu's data model: schema/ (one entity per file) and
// the code ent generates from it, which is committed.
package ent

//go:generate go run -mod=mod entc.go
