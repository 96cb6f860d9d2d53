package sla_test

import (
	"fmt"
	"time"

	"kefu/desk/sla"
	"kefu/ent/types"
)

func ExampleDeadline() {
	var hours []types.Span
	for wd := 1; wd <= 5; wd++ {
		hours = append(hours, types.Span{Weekday: wd, Start: "08:30", End: "17:30"})
	}
	var holidays []types.Holiday
	for d := 1; d <= 7; d++ {
		holidays = append(holidays, types.Holiday{Date: fmt.Sprintf("2026-10-%02d", d), Name: "国庆节"})
	}
	workdays := []types.Workday{{Date: "2026-10-10", Name: "国庆节调休"}}
	cal, err := sla.New("Asia/Shanghai", hours, holidays, workdays)
	if err != nil {
		panic(err)
	}
	sh := cal.Location()
	const layout = "Mon 2006-01-02 15:04"

	// Created Friday 17:00, to be resolved within 4 business hours:
	// 30 minutes on Friday, 3h30m on Monday.
	created := time.Date(2026, 11, 20, 17, 0, 0, 0, sh)
	fmt.Println(sla.Deadline(cal, created, 4*time.Hour).Format(layout))

	// Across National Day: 1h30m on 09-30, then 2h30m on 10-08.
	created = time.Date(2026, 9, 30, 16, 0, 0, 0, sh)
	fmt.Println(sla.Deadline(cal, created, 4*time.Hour).Format(layout))

	// Into the make-up Saturday 10-10.
	created = time.Date(2026, 10, 9, 17, 0, 0, 0, sh)
	fmt.Println(sla.Deadline(cal, created, 4*time.Hour).Format(layout))
	// Output:
	// Mon 2026-11-23 12:00
	// Thu 2026-10-08 11:00
	// Sat 2026-10-10 12:00
}

func ExampleElapsed() {
	hours := []types.Span{}
	for wd := 1; wd <= 5; wd++ {
		hours = append(hours,
			types.Span{Weekday: wd, Start: "08:30", End: "12:00"},
			types.Span{Weekday: wd, Start: "13:30", End: "17:30"})
	}
	cal, err := sla.New("Asia/Shanghai", hours, nil, nil)
	if err != nil {
		panic(err)
	}
	sh := cal.Location()
	from := time.Date(2026, 11, 20, 11, 0, 0, 0, sh) // Friday
	to := time.Date(2026, 11, 23, 9, 0, 0, 0, sh)    // Monday
	// 1h before lunch, 4h after it, 30m on Monday.
	fmt.Println(sla.Elapsed(cal, from, to))
	fmt.Println(sla.Elapsed(sla.AlwaysOpen(), from, to))
	// Output:
	// 5h30m0s
	// 70h0m0s
}
