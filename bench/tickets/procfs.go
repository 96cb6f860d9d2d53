package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// The machine is shared (other builds and tests may run beside the
// benchmark), so CPU and wait samples are attributed through /proc: the
// PostgreSQL backends that serve this process are the ones whose client
// ports are this process's TCP connections to the database port.

// ownPorts returns the local ports of this process's TCP connections to
// remotePort.
func ownPorts(remotePort int) (map[int]bool, error) {
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return nil, err
	}
	inodes := map[uint64]bool{}
	for _, fd := range fds {
		link, err := os.Readlink(filepath.Join("/proc/self/fd", fd.Name()))
		if err != nil {
			continue
		}
		if s, ok := strings.CutPrefix(link, "socket:["); ok {
			if n, err := strconv.ParseUint(strings.TrimSuffix(s, "]"), 10, 64); err == nil {
				inodes[n] = true
			}
		}
	}
	ports := map[int]bool{}
	for _, f := range []string{"/proc/self/net/tcp", "/proc/self/net/tcp6"} {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		for _, p := range parseNetTCP(string(b), inodes, remotePort) {
			ports[p] = true
		}
	}
	return ports, nil
}

// parseNetTCP reads /proc/net/tcp{,6} and returns the local ports of the
// sockets in inodes whose remote port is remotePort.
func parseNetTCP(content string, inodes map[uint64]bool, remotePort int) []int {
	var out []int
	for i, line := range strings.Split(content, "\n") {
		f := strings.Fields(line)
		if i == 0 || len(f) < 10 {
			continue // header or blank
		}
		inode, err := strconv.ParseUint(f[9], 10, 64)
		if err != nil || !inodes[inode] {
			continue
		}
		local, lerr := hexPort(f[1])
		remote, rerr := hexPort(f[2])
		if lerr == nil && rerr == nil && remote == remotePort {
			out = append(out, local)
		}
	}
	return out
}

// hexPort reads the port of an "ADDRESS:PORT" field in hex.
func hexPort(addr string) (int, error) {
	_, p, ok := strings.Cut(addr, ":")
	if !ok {
		return 0, fmt.Errorf("no port in %q", addr)
	}
	n, err := strconv.ParseUint(p, 16, 16)
	return int(n), err
}

// procTicks is the user plus system CPU of a process, in clock ticks.
func procTicks(pid int) (uint64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	return parsePidStat(string(b))
}

// parsePidStat reads utime and stime (fields 14 and 15) of
// /proc/PID/stat; the command name in parentheses may hold spaces.
func parsePidStat(s string) (uint64, error) {
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, errors.New("no command name in stat")
	}
	f := strings.Fields(s[i+1:]) // f[0] is field 3, the state
	if len(f) < 13 {
		return 0, fmt.Errorf("stat has %d fields after the name", len(f))
	}
	u, err := strconv.ParseUint(f[11], 10, 64)
	if err != nil {
		return 0, err
	}
	st, err := strconv.ParseUint(f[12], 10, 64)
	if err != nil {
		return 0, err
	}
	return u + st, nil
}
