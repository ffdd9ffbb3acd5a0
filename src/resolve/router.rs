//! TODO(resolve): not yet implemented.
