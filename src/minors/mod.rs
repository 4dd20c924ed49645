//! The largest nonzero minor: fast route from elimination pivots, and an exhaustive
//! checker that searches the definition directly (an oracle for tiny matrices).
