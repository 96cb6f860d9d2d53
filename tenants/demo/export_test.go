package demo

// SeedRoster lets the tests roster a tenant at a chosen hour.
var SeedRoster = seedRoster
