// network_simplex solves an allocation network exported by
// `wachsam allocate -network FILE.dimacs PROBLEM.json` with LEMON's
// NetworkSimplex (Debian liblemon-dev), as the reference for the allocator's
// speed (docs/performance.md). It prints the time of the solve alone (wall
// and process CPU, which a shared machine disturbs less) and the
// allocation's total cost and number placed, read off the flow the way
// courses.WriteNetworkDIMACS describes: the last arc is the bypass.
#include <chrono>
#include <ctime>
#include <cstdio>
#include <fstream>
#include <iostream>

#include <lemon/dimacs.h>
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

int main(int argc, char **argv) {
  if (argc != 2) {
    std::cerr << "usage: network_simplex NETWORK.dimacs\n";
    return 2;
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::cerr << "network_simplex: cannot open " << argv[1] << "\n";
    return 1;
  }
  typedef lemon::SmartDigraph Digraph;
  Digraph g;
  Digraph::ArcMap<long long> lower(g), capacity(g), cost(g);
  Digraph::NodeMap<long long> supply(g);
  lemon::readDimacsMin(in, g, lower, capacity, cost, supply);

  std::clock_t cpuStart = std::clock();
  auto start = std::chrono::steady_clock::now();
  lemon::NetworkSimplex<Digraph, long long, long long> simplex(g);
  simplex.lowerMap(lower).upperMap(capacity).costMap(cost).supplyMap(supply);
  if (simplex.run() != lemon::NetworkSimplex<Digraph, long long, long long>::OPTIMAL) {
    std::cerr << "network_simplex: no optimal flow\n";
    return 1;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  double cpuSeconds = double(std::clock() - cpuStart) / CLOCKS_PER_SEC;

  Digraph::Arc bypass = g.arcFromId(g.maxArcId());
  long long people = supply[g.source(bypass)];
  long long unplaced = simplex.flow(bypass);
  long long total = simplex.totalCost<long long>() - unplaced * cost[bypass];
  std::printf("solve_seconds %.6f\nsolve_cpu_seconds %.6f\nplaced %lld\ntotal_cost %lld\n", seconds, cpuSeconds,
              people - unplaced, total);
  return 0;
}
