<?php
// Classes that appear in the benchmark corpora. Both the generator and the PHP benchmark
// declare them, so PHP's unserialize() hydrates real objects (not __PHP_Incomplete_Class).
declare(strict_types=1);

/** A domain object with all three visibilities (mixed corpus). */
class BenchOrder
{
    public int $id = 0;
    public string $status = '';
    protected float $total = 0.0;
    private array $lines = [];

    public function __construct(int $id = 0, string $status = '', float $total = 0.0, array $lines = [])
    {
        $this->id = $id;
        $this->status = $status;
        $this->total = $total;
        $this->lines = $lines;
    }
}

/** The "realistic record" of the typed Serialize<T>/Deserialize<T> benchmark. */
class UserRecord
{
    public int $id = 0;
    public string $name = '';
    public string $email = '';
    public float $balance = 0.0;
    public bool $active = false;
    public ?string $nickname = null;
    public array $tags = [];
    public int $createdAt = 0;
}
