<?php
// Classes and enums used by the hostile-input seed corpus and the PHP oracle script.
// Kept apart from the differential tests' classes so the two can evolve independently.
error_reporting(E_ALL & ~E_DEPRECATED);
class HPub { public $a; public $b = 'x'; }
class HProt { protected $p; public $q; function __construct($p = null, $q = null) { $this->p = $p; $this->q = $q; } }
class HPrivBase { private $c; protected $d; public $e;
    function __construct($c = null, $d = null, $e = null) { $this->c = $c; $this->d = $d; $this->e = $e; } }
class HPrivChild extends HPrivBase { private $c; public $f;
    function __construct($c1 = null, $c2 = null, $f = null) { parent::__construct($c1, 'd', 'e'); $this->c = $c2; $this->f = $f; } }
class HOld implements Serializable { public $d;
    function __construct($d = null) { $this->d = $d; }
    function serialize() { return serialize($this->d); }
    function unserialize($s) { $this->d = unserialize($s); } }
enum HSuit: string { case Hearts = 'H'; case Spades = 'S'; }
enum HState { case On; case Off; }
