//! The float side: SVD rank under the common threshold rules, beside the exact rank.
