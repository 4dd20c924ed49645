// Rank mod p of an SMS file with LinBox's sparse elimination, for the sparse benchmark.
// Our own driver: it parses the SMS file, builds a LinBox sparse matrix over
// Givaro::Modular<double> and calls LinBox::rankInPlace with Method::SparseElimination.
// Prints "rank <r> seconds <elimination time>" on stdout.
//
// Build: g++ -O2 linbox_rank.cpp $(pkg-config --cflags --libs linbox) -o linbox_rank
#include <linbox/linbox-config.h>
#include <givaro/modular.h>
#include <linbox/matrix/sparse-matrix.h>
#include <linbox/solutions/rank.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

int main(int argc, char **argv) {
    if (argc != 3) {
        std::cerr << "usage: linbox_rank FILE.sms PRIME\n";
        return 2;
    }
    const int64_t p = std::atoll(argv[2]);
    typedef Givaro::Modular<double> Field;
    Field F(p);
    std::ifstream in(argv[1]);
    size_t m, n;
    std::string kind;
    if (!(in >> m >> n >> kind)) {
        std::cerr << argv[1] << ": bad SMS header\n";
        return 2;
    }
    LinBox::SparseMatrix<Field, LinBox::SparseMatrixFormat::SparseSeq> A(F, m, n);
    long long i, j, v;
    while (in >> i >> j >> v) {
        if (i == 0 && j == 0) break;
        long long r = v % p;
        if (r < 0) r += p;
        if (r == 0) continue;
        Field::Element x;
        F.init(x, (double)r);
        A.setEntry(i - 1, j - 1, x);
    }
    auto t0 = std::chrono::steady_clock::now();
    size_t rank = 0;
    LinBox::rankInPlace(rank, A, LinBox::Method::SparseElimination());
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("rank %zu seconds %.3f\n", rank, secs);
    return 0;
}
