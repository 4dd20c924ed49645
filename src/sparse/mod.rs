//! Sparse matrices and sparse elimination modulo p for homology-scale inputs.
