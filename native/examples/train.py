"""A training loop that logs with the visualdl Python module (VisualDL 2.x calls).

    PYTHONPATH=native/python python3 train.py logs/python-example
"""
import math
import random
import sys

from visualdl import LogWriter


def main():
    run = sys.argv[1] if len(sys.argv) > 1 else "logs/python-example"
    random.seed(42)
    weights = [random.gauss(0, 0.02) for _ in range(512)]
    with LogWriter(logdir=run) as writer:
        for step in range(2000):
            loss = 2.0 * math.exp(-step / 400.0) + 0.05 * math.sin(step / 10.0)
            writer.add_scalar(tag="train/loss", value=loss, step=step)
            if step % 250 == 0:
                weights = [w * 1.02 for w in weights]
                writer.add_histogram(tag="model/weights", values=weights, step=step)
        # Many points at once: the fast path.
        steps = list(range(2000))
        writer.add_scalar_batch("train/lr", steps, [0.1 * 0.999 ** s for s in steps])
        # A 16x16 RGB image as nested lists (numpy arrays work too).
        image = [[[x * 16, y * 16, 128] for x in range(16)] for y in range(16)]
        writer.add_image(tag="samples/gradient", img=image, step=2000)
        writer.add_embeddings(tag="features", mat=[[0, 0, 1], [0, 1, 0], [1, 0, 0]],
                              metadata=["z", "y", "x"])
        writer.add_text(tag="notes", text_string="trained from Python", step=2000)
    print("wrote", run)


if __name__ == "__main__":
    main()
