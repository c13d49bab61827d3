// A text adventure as a state machine driven by a fixed list of commands. Rooms,
// items and the player share embedded structs whose methods are promoted; the
// game's phase is an explicit state with a transition table.
package main

import (
	"fmt"
	"sort"
	"strings"
)

type State int

const (
	Exploring State = iota
	Fighting
	Won
	Dead
)

func (s State) String() string {
	return [...]string{"Exploring", "Fighting", "Won", "Dead"}[s]
}

// Named is embedded everywhere something has a name and a description.
type Named struct {
	Name string
	Desc string
}

func (n Named) Describe() string { return n.Name + ": " + n.Desc }
func (n *Named) Rename(s string) { n.Name = s }

type Inventory struct {
	items map[string]int
}

func (inv *Inventory) Add(item string) {
	if inv.items == nil {
		inv.items = map[string]int{}
	}
	inv.items[item]++
}

func (inv *Inventory) Take(item string) bool {
	if inv.items[item] == 0 {
		return false
	}
	inv.items[item]--
	if inv.items[item] == 0 {
		delete(inv.items, item)
	}
	return true
}

func (inv Inventory) List() string {
	if len(inv.items) == 0 {
		return "nothing"
	}
	var parts []string
	for k, v := range inv.items {
		parts = append(parts, fmt.Sprintf("%s x%d", k, v))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

type Room struct {
	Named
	Inventory
	Exits   map[string]string
	Monster *Monster
}

type Monster struct {
	Named
	HP, Damage int
}

type Player struct {
	Named
	*Inventory
	HP    int
	Where *Room
	Moves int
}

type Game struct {
	rooms  map[string]*Room
	player *Player
	state  State
	log    []string
}

// allowed lists which commands each state accepts.
var allowed = map[State][]string{
	Exploring: {"go", "take", "look", "inv", "use", "rename"},
	Fighting:  {"attack", "flee", "use", "inv"},
}

func (g *Game) transition(to State, why string) {
	g.log = append(g.log, fmt.Sprintf("%v -> %v (%s)", g.state, to, why))
	g.state = to
}

func (g *Game) Do(cmd string) string {
	words := strings.Fields(cmd)
	verb, arg := words[0], strings.Join(words[1:], " ")
	ok := false
	for _, v := range allowed[g.state] {
		ok = ok || v == verb
	}
	if !ok {
		return fmt.Sprintf("can't %q while %v", verb, g.state)
	}
	p, room := g.player, g.player.Where
	p.Moves++
	switch verb {
	case "look":
		exits := make([]string, 0, len(room.Exits))
		for dir := range room.Exits {
			exits = append(exits, dir)
		}
		sort.Strings(exits)
		return fmt.Sprintf("%s. You see %s. Exits: %s", room.Describe(), room.List(), strings.Join(exits, " "))
	case "go":
		next, ok := room.Exits[arg]
		if !ok {
			return "no exit " + arg
		}
		p.Where = g.rooms[next]
		if m := p.Where.Monster; m != nil && m.HP > 0 {
			g.transition(Fighting, m.Name+" appears")
			return fmt.Sprintf("You enter the %s. A %s attacks!", p.Where.Name, m.Describe())
		}
		return "You enter the " + p.Where.Name
	case "take":
		if !room.Take(arg) {
			return "there is no " + arg
		}
		p.Add(arg)
		return "taken " + arg
	case "inv":
		return fmt.Sprintf("%s carries %s (hp %d)", p.Name, p.List(), p.HP)
	case "use":
		if arg == "potion" && p.Take("potion") {
			p.HP += 15
			return fmt.Sprint("healed to ", p.HP)
		}
		if arg == "key" && room.Name == "Gate" && p.Take("key") {
			g.transition(Won, "gate opened")
			return "The gate swings open."
		}
		return "nothing happens"
	case "rename":
		p.Rename(arg)
		return "you are now " + p.Name
	case "attack":
		m := room.Monster
		dmg := 4
		if p.items["sword"] > 0 {
			dmg = 9
		}
		m.HP -= dmg
		if m.HP <= 0 {
			g.transition(Exploring, m.Name+" defeated")
			room.Add("key")
			return fmt.Sprintf("You hit for %d. The %s falls and drops a key.", dmg, m.Name)
		}
		p.HP -= m.Damage
		if p.HP <= 0 {
			g.transition(Dead, "killed by "+m.Name)
			return "You die."
		}
		return fmt.Sprintf("You hit for %d (it has %d). It hits back for %d (you have %d).", dmg, m.HP, m.Damage, p.HP)
	case "flee":
		g.transition(Exploring, "fled")
		p.Where = g.rooms["Hall"]
		return "You run back to the hall."
	}
	return "?"
}

func main() {
	rooms := map[string]*Room{
		"Hall":   {Named: Named{"Hall", "a draughty hall"}, Exits: map[string]string{"north": "Armory", "east": "Cellar", "south": "Gate"}},
		"Armory": {Named: Named{"Armory", "racks of old weapons"}, Exits: map[string]string{"south": "Hall"}},
		"Cellar": {Named: Named{"Cellar", "damp and dark"}, Exits: map[string]string{"west": "Hall"},
			Monster: &Monster{Named{"Troll", "a hungry troll"}, 20, 6}},
		"Gate": {Named: Named{"Gate", "a locked iron gate"}, Exits: map[string]string{"north": "Hall"}},
	}
	rooms["Armory"].Add("sword")
	rooms["Armory"].Add("potion")
	rooms["Armory"].Add("potion")
	g := &Game{rooms: rooms, player: &Player{Named: Named{"Hero", "brave"}, Inventory: &Inventory{}, HP: 20, Where: rooms["Hall"]}}
	commands := []string{
		"look", "use key", "go west", "go east", "take potion", "attack", "flee",
		"go north", "look", "take sword", "take potion", "take potion", "take potion", "inv",
		"rename Sir Hero", "go south", "go east", "look", "attack", "use potion", "attack",
		"take key", "go west", "go south", "use key", "look",
	}
	for _, c := range commands {
		// The state is read before the command runs: in one argument list the order of
		// g.state and g.Do(c) would be unspecified.
		state, hp := g.state, g.player.HP
		fmt.Printf("[%-9v hp=%2d] > %-15s %s\n", state, hp, c, g.Do(c))
		if g.state == Won || g.state == Dead {
			break
		}
	}
	fmt.Println(strings.Join(g.log, "\n"))
	fmt.Printf("%s finished in state %v after %d moves; desc %q\n", g.player.Name, g.state, g.player.Moves, g.player.Describe())
	fmt.Println("troll:", g.rooms["Cellar"].Monster.HP, "cellar has", g.rooms["Cellar"].List())
}
