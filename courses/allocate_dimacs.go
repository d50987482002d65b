package courses

import (
	"bufio"
	"fmt"
	"io"
)

// WriteNetworkDIMACS writes the grouped, pruned flow network Solve would
// solve for p as a DIMACS minimum-cost flow problem ("p min"), so that an
// independent solver (bench/lemon: LEMON's NetworkSimplex) can solve exactly
// the same network. Nodes are numbered from 1 in the order Solve creates
// them; node 1 is the source, node 2 the sink.
//
// DIMACS asks for a flow of fixed value, the allocation for a maximum flow
// of least cost. The file bridges that with one extra, last arc source →
// sink that can carry everyone at a cost higher than any augmenting path
// through the network (the comment line "c bypass COST" gives it): a
// minimum-cost flow then sends as few people as possible over it. The
// allocation's total cost is the file's optimum minus COST times the flow
// on the bypass, and the number placed is the supply minus that flow.
func WriteNetworkDIMACS(w io.Writer, p Problem) error {
	if err := p.Validate(); err != nil {
		return err
	}
	net := buildAllocationNetwork(p)
	g := net.graph
	// Every person is in exactly one group, with or without preferences.
	people, maxCost := int64(len(p.People)), int64(0)
	for _, c := range g.cost {
		maxCost = max(maxCost, c)
	}
	// An augmenting path visits every node at most once, so it costs less
	// than nodes × (maxCost + 1).
	bypass := int64(g.nodes) * (maxCost + 1)

	out := bufio.NewWriter(w)
	fmt.Fprintf(out, "c wachsam allocation network: %d people, %d sessions, %d groups\n", len(p.People), len(p.Sessions), len(net.groups.list))
	fmt.Fprintf(out, "c bypass %d\n", bypass)
	fmt.Fprintf(out, "p min %d %d\n", g.nodes, len(g.tail)+1)
	fmt.Fprintf(out, "n %d %d\n", net.source+1, people)
	fmt.Fprintf(out, "n %d %d\n", net.sink+1, -people)
	for k := range g.tail {
		fmt.Fprintf(out, "a %d %d 0 %d %d\n", g.tail[k]+1, g.head[k]+1, g.capacity[k], g.cost[k])
	}
	fmt.Fprintf(out, "a %d %d 0 %d %d\n", net.source+1, net.sink+1, people, bypass)
	return out.Flush()
}
