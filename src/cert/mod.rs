//! Certificates for `rank = r` and their independent verifier (see the modular issue).
