"""The operations' core: what every operation uses (the Snapshot read once, the
computing, the plan of writes, the run with its decisions and Riwayat, the contract's
migrations and the outputs seam).  It never imports an operation."""
