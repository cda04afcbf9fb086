export async function benchPersons() {}
