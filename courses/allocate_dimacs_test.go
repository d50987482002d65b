package courses

import (
	"bufio"
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestNetworkDIMACSHoldsTheAllocation: the exported network, read back and
// solved as the file says (a flow of the full supply, the last arc being the
// bypass), gives Solve's number placed and total cost. That is the claim
// bench/alloc.sh relies on when it compares LEMON's answer with ours.
func TestNetworkDIMACSHoldsTheAllocation(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 3))
	for i := range 200 {
		p := allocRandomProblem(rng, 12, 5, 4)
		want, err := Solve(p)
		if err != nil {
			t.Fatal(err)
		}
		var file bytes.Buffer
		if err := WriteNetworkDIMACS(&file, p); err != nil {
			t.Fatal(err)
		}
		placed, cost, err := solveDIMACS(file.String())
		if err != nil {
			t.Fatalf("problem %d: %v\n%s", i, err, file.String())
		}
		if placed != int64(want.Placed) || cost != want.TotalCost {
			t.Fatalf("problem %d: the file gives %d placed at cost %d, Solve %d at %d\n%s",
				i, placed, cost, want.Placed, want.TotalCost, file.String())
		}
	}
}

// solveDIMACS reads a "p min" file as WriteNetworkDIMACS writes it and
// solves it with flowNetwork: a flow of the whole supply from the node of
// positive supply to the node of negative supply exists (the bypass sees to
// that), and its least cost is the file's optimum.
func solveDIMACS(file string) (placed, cost int64, err error) {
	g := newFlowNetwork()
	var bypass, supply int64
	var source, sink int32
	var arcs []arcID
	var costs []int64
	scanner := bufio.NewScanner(strings.NewReader(file))
	for scanner.Scan() {
		fields := strings.Fields(scanner.Text())
		switch fields[0] {
		case "c":
			if len(fields) == 3 && fields[1] == "bypass" {
				fmt.Sscan(fields[2], &bypass)
			}
		case "p":
			var nodes int
			fmt.Sscan(fields[2], &nodes)
			for range nodes {
				g.addNode()
			}
		case "n":
			var node int32
			var amount int64
			fmt.Sscan(fields[1], &node)
			fmt.Sscan(fields[2], &amount)
			if amount > 0 {
				source, supply = node-1, amount
			} else {
				sink = node - 1
			}
		case "a":
			var u, v, low, capacity int32
			var c int64
			fmt.Sscan(fields[1], &u)
			fmt.Sscan(fields[2], &v)
			fmt.Sscan(fields[3], &low)
			fmt.Sscan(fields[4], &capacity)
			fmt.Sscan(fields[5], &c)
			if low != 0 {
				return 0, 0, fmt.Errorf("lower bound %d", low)
			}
			arcs = append(arcs, g.addArc(u-1, v-1, capacity, c))
			costs = append(costs, c)
		}
	}
	if bypass == 0 {
		return 0, 0, fmt.Errorf("no bypass cost")
	}
	// The supply is fixed: a maximum flow from a new node that feeds the
	// source exactly that much.
	supplier := g.addNode()
	g.addArc(supplier, source, int32(supply), 0)
	if flow := g.minCostMaxFlow(supplier, sink); flow != supply {
		return 0, 0, fmt.Errorf("flow %d, supply %d", flow, supply)
	}
	unplaced := int64(g.flow(arcs[len(arcs)-1]))
	return supply - unplaced, flowCost(g, arcs, costs) - unplaced*bypass, nil
}
