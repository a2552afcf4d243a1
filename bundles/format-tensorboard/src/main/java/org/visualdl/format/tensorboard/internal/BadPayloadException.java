package org.visualdl.format.tensorboard.internal;

/**
 * A plugin value that does not fit its form (a PR curve tensor of the wrong shape, hparams
 * content that does not decode, a meta graph that is not one). The decoder reports each distinct
 * message once per file: a writer that gets a tag wrong gets it wrong at every step.
 */
final class BadPayloadException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  BadPayloadException(String message) {
    super(message);
  }
}
