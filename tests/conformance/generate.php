<?php
// Makes the corpus from cases.txt with PHP itself as the reference (run with the PHP whose
// behaviour the corpus records; the files say which in corpus/PHP_VERSION):
//   corpus/y_NAME.txt + corpus/y_NAME.out      PHP accepts; .out is serialize(unserialize(input))
//   corpus/n_NAME.txt + corpus/n_NAME.offset   PHP rejects; .offset is where it reports the error
// Usage: php generate.php [cases.txt] [corpus-dir]
$cases = $argv[1] ?? __DIR__ . '/cases.txt';
$dir = $argv[2] ?? __DIR__ . '/corpus';
if (!is_dir($dir)) mkdir($dir, 0777, true);
foreach (glob("$dir/[yn]_*") as $old) unlink($old);
$offset = null;
set_error_handler(function ($no, $message) use (&$offset) {
    if ($offset === null && preg_match('/Error at offset (\d+) of \d+ bytes/', $message, $m)) $offset = $m[1];
    return true;
});
$made = ['y' => 0, 'n' => 0];
foreach (file($cases, FILE_IGNORE_NEW_LINES) as $line) {
    if ($line === '' || $line[0] === '#') continue;
    [$name, $text] = explode("\t", $line, 2);
    $input = stripcslashes($text);
    if (preg_match('/^\{nest:(\d+)\}(.*)$/s', $input, $m)) $input = str_repeat('a:1:{i:0;', (int)$m[1]) . $m[2] . str_repeat('}', (int)$m[1]);
    $offset = null;
    $value = unserialize($input);
    if ($offset === null) {
        file_put_contents("$dir/y_$name.txt", $input);
        file_put_contents("$dir/y_$name.out", serialize($value));
        $made['y']++;
    } else {
        file_put_contents("$dir/n_$name.txt", $input);
        file_put_contents("$dir/n_$name.offset", $offset . "\n");
        $made['n']++;
    }
}
file_put_contents("$dir/PHP_VERSION", PHP_VERSION . "\n");
echo "{$made['y']} accepted and {$made['n']} rejected cases from PHP ", PHP_VERSION, " in $dir\n";
