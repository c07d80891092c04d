"""The PyTorch peer of Siamese Lens's training benchmark.

Trains the same network ([features] -> 64 -> 32 -> N: ReLU, ReLU, sigmoid; Glorot-uniform kernels,
zero biases) with the same lossless triplet loss, batch size, Adam (learning rate 1e-3) and step
count, on the same encoded features (written by bench/exportFeatures.ts), and prints one JSON
object: triplets per second of wall time, and per second of this process's CPU time (all its
threads), which a machine shared with other work disturbs less. Each step does what a Siamese
Lens step does:

- draws a class-balanced batch of triplets (anchor class uniform over classes with two records,
  positive a different record of that class, negative class uniform over the other classes);
- runs one forward pass over the batch's distinct records (a record in several slots, common for
  rare classes, is embedded once; measured neutral for PyTorch, and what Siamese Lens does) and
  spreads the embeddings back to the stacked anchors, positives and negatives;
- computes the loss, back-propagates, takes an Adam step;
- adds the loss and the count of triplets with zero FaceNet loss (alpha 0.2) to running sums
  that stay tensors, read once at the end (Siamese Lens reads its embeddings every step, as its
  loss runs in JavaScript: if anything, this favours the peer).

No mining on either side. `--warmup` steps run first and are not timed.

    python3 triplet_torch.py FEATURES_DIR --batch 256 --steps 198 --warmup 99 --threads 1
"""
import argparse
import json
import os
import time

import numpy as np
import torch

EPSILON = 1e-8
ALPHA = 0.2


def read_features(folder):
    """`[rows, features]` float32 values and `[rows]` int32 labels (-1 where missing)."""
    with open(os.path.join(folder, "meta.json")) as meta_file:
        meta = json.load(meta_file)
    rows, features = meta["rows"], meta["features"]
    values = np.fromfile(os.path.join(folder, "features.f32"), dtype=np.float32)
    labels = np.fromfile(os.path.join(folder, "labels.i32"), dtype=np.int32)
    return values.reshape(rows, features), labels


class TripletSampler:
    """Class-balanced triplets of record numbers, drawn with whole-batch numpy operations."""

    def __init__(self, labels, rng):
        known = np.flatnonzero(labels >= 0)
        self.order = known[np.argsort(labels[known], kind="stable")]
        classes, starts, counts = np.unique(
            labels[self.order], return_index=True, return_counts=True
        )
        self.starts = np.zeros(classes.max() + 1, dtype=np.int64)
        self.counts = np.zeros(classes.max() + 1, dtype=np.int64)
        self.starts[classes] = starts
        self.counts[classes] = counts
        self.anchor_classes = classes[counts >= 2]
        self.filled_classes = classes
        self.rng = rng

    def sample(self, batch):
        """Three `[batch]` int64 arrays: anchors, positives, negatives."""
        rng = self.rng
        anchor_class = self.anchor_classes[rng.integers(0, len(self.anchor_classes), batch)]
        size = self.counts[anchor_class]
        anchor_at = (rng.random(batch) * size).astype(np.int64)
        positive_at = (rng.random(batch) * (size - 1)).astype(np.int64)
        positive_at += positive_at >= anchor_at

        own_at = np.searchsorted(self.filled_classes, anchor_class)
        draw = rng.integers(0, len(self.filled_classes) - 1, batch)
        negative_class = self.filled_classes[draw + (draw >= own_at)]
        negative_at = (rng.random(batch) * self.counts[negative_class]).astype(np.int64)

        start = self.starts[anchor_class]
        return (
            self.order[start + anchor_at],
            self.order[start + positive_at],
            self.order[self.starts[negative_class] + negative_at],
        )


def lossless(distance_positive, distance_negative, dims):
    """Mean lossless triplet loss from `[batch]` squared distances, beta = N, as Siamese Lens."""
    beta = float(dims)
    positive_term = torch.clamp(1 - distance_positive / beta, min=0)
    negative_term = torch.clamp(1 - (dims - distance_negative) / beta, min=0)
    per_triplet = torch.log(positive_term + EPSILON) + torch.log(negative_term + EPSILON)
    return -per_triplet.mean()


def build_network(features, dims):
    model = torch.nn.Sequential(
        torch.nn.Linear(features, 64),
        torch.nn.ReLU(),
        torch.nn.Linear(64, 32),
        torch.nn.ReLU(),
        torch.nn.Linear(32, dims),
        torch.nn.Sigmoid(),
    )
    for layer in model:
        if isinstance(layer, torch.nn.Linear):
            torch.nn.init.xavier_uniform_(layer.weight)
            torch.nn.init.zeros_(layer.bias)
    return model


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--steps", type=int, default=198)
    parser.add_argument("--warmup", type=int, default=99)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--dims", type=int, default=3)
    parser.add_argument("--name", default="")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    values, labels = read_features(args.folder)
    features = torch.from_numpy(values)
    sampler = TripletSampler(labels, np.random.default_rng(1))
    model = build_network(values.shape[1], args.dims)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_sum = torch.zeros(())
    satisfied_sum = torch.zeros((), dtype=torch.int64)

    def step():
        nonlocal loss_sum, satisfied_sum
        anchors, positives, negatives = sampler.sample(args.batch)
        records = np.concatenate([anchors, positives, negatives])
        distinct, positions = np.unique(records, return_inverse=True)
        embedded = model(features[torch.from_numpy(distinct)])[torch.from_numpy(positions)]
        anchor, positive, negative = torch.split(embedded, args.batch)
        distance_positive = ((anchor - positive) ** 2).sum(dim=1)
        distance_negative = ((anchor - negative) ** 2).sum(dim=1)
        loss = lossless(distance_positive, distance_negative, args.dims)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        with torch.no_grad():
            loss_sum += loss.detach()
            satisfied_sum += (distance_positive - distance_negative + ALPHA <= 0).sum()

    for _ in range(args.warmup):
        step()
    loss_sum.zero_()

    start = time.perf_counter()
    cpu_start = time.process_time()
    for _ in range(args.steps):
        step()
    mean_loss = loss_sum.item() / args.steps
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start

    name = args.name or f"train_triplets_per_s/pytorch/threads{args.threads}/batch{args.batch}"
    print(json.dumps({
        "name": name,
        "value": round(args.steps * args.batch / seconds, 1),
        "unit": "triplets/s",
        "per_cpu_second": round(args.steps * args.batch / cpu_seconds, 1),
        "cores": os.cpu_count(),
        "torch": torch.__version__,
        "mean_loss": round(mean_loss, 5),
    }))


if __name__ == "__main__":
    main()
