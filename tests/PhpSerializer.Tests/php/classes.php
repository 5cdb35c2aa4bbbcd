<?php
// Classes and enums shared by the differential scripts (PHP side of the serializer tests).
class PubThing { public $a; public $b = 'x'; }
class ProtThing { protected $p; public $q; function __construct($p = null, $q = null) { $this->p = $p; $this->q = $q; } }
class PrivBase { private $c; protected $d; public $e;
    function __construct($c = null, $d = null, $e = null) { $this->c = $c; $this->d = $d; $this->e = $e; } }
class PrivChild extends PrivBase { private $c; public $f;
    function __construct($c1 = null, $c2 = null, $f = null) { parent::__construct($c1, 'd', 'e'); $this->c = $c2; $this->f = $f; } }
class WithSer { public $data = [];
    function __serialize(): array { return $this->data; }
    function __unserialize(array $d): void { $this->data = $d; } }
class OldStyle implements Serializable { public $d;
    function __construct($d = null) { $this->d = $d; }
    function serialize() { return serialize($this->d); }
    function unserialize($s) { $this->d = unserialize($s); } }
enum Suit: string { case Hearts = 'H'; case Spades = 'S'; case Clubs = 'C'; }
enum Status { case Active; case Inactive; }

/** Reads length-prefixed (uint32 LE) frames from a stream. */
function read_frames($in): array {
    $frames = [];
    while (true) {
        $h = fread($in, 4);
        if ($h === '' || $h === false) break;
        while (strlen($h) < 4) $h .= fread($in, 4 - strlen($h));
        $n = unpack('V', $h)[1];
        $s = '';
        while (strlen($s) < $n) { $c = fread($in, $n - strlen($s)); if ($c === '' || $c === false) throw new Exception('short frame'); $s .= $c; }
        $frames[] = $s;
    }
    return $frames;
}
function write_frame($out, string $s): void { fwrite($out, pack('V', strlen($s)) . $s); }
