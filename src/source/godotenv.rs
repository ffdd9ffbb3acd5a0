//! TODO(sources): not yet implemented.
